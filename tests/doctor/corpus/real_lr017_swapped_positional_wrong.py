# get_linear_schedule_with_warmup(optimizer, t_total, warmup_steps): the positional order is (warmup, total), so the
# 10% warmup is passed as the run length and the whole run as the warmup.
import torch
from transformers import get_linear_schedule_with_warmup


def train(args, model, train_dataloader):
    t_total = len(train_dataloader) // args.gradient_accumulation_steps * args.num_train_epochs
    warmup_steps = int(t_total * 0.1)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.learning_rate)
    scheduler = get_linear_schedule_with_warmup(optimizer, t_total, warmup_steps)  # expect: LR017
    for epoch in range(args.num_train_epochs):
        for step, batch in enumerate(train_dataloader):
            (model(**batch).loss / args.gradient_accumulation_steps).backward()
            if (step + 1) % args.gradient_accumulation_steps == 0:
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
