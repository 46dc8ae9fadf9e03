# pytorch_transformers 1.x example order: scheduler.step() before optimizer.step() inside the accumulation branch.
import torch
from pytorch_transformers import AdamW, WarmupLinearSchedule


def train(args, model, train_dataloader):
    t_total = len(train_dataloader) // args.gradient_accumulation_steps * args.num_train_epochs
    optimizer = AdamW(model.parameters(), lr=args.learning_rate, eps=args.adam_epsilon)
    scheduler = WarmupLinearSchedule(optimizer, warmup_steps=args.warmup_steps, t_total=t_total)
    for _ in range(int(args.num_train_epochs)):
        for step, batch in enumerate(train_dataloader):
            loss = model(**batch)[0] / args.gradient_accumulation_steps
            loss.backward()
            if (step + 1) % args.gradient_accumulation_steps == 0:
                torch.nn.utils.clip_grad_norm_(model.parameters(), args.max_grad_norm)
                scheduler.step()  # expect: LR010
                optimizer.step()
                model.zero_grad()
