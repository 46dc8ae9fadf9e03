# Plain loop with gradient accumulation: the scheduler steps with the optimizer, every accumulation_steps batches,
# but its length is counted in batches.
import torch
from transformers import get_linear_schedule_with_warmup


def train(args, model, train_dataloader):
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.learning_rate, eps=args.adam_epsilon)
    t_total = len(train_dataloader) * args.num_train_epochs
    scheduler = get_linear_schedule_with_warmup(  # expect: LR019
        optimizer, num_warmup_steps=args.warmup_steps, num_training_steps=t_total)
    global_step = 0
    model.zero_grad()
    for epoch in range(int(args.num_train_epochs)):
        for step, batch in enumerate(train_dataloader):
            loss = model(**batch)[0] / args.gradient_accumulation_steps
            loss.backward()
            if (step + 1) % args.gradient_accumulation_steps == 0:
                torch.nn.utils.clip_grad_norm_(model.parameters(), args.max_grad_norm)
                optimizer.step()
                scheduler.step()
                model.zero_grad()
                global_step += 1
