# Pre-training loops that count micro-batches: the schedule is sized with the loop's own bound but stepped only
# on the accumulation gate, so it runs 1/accum of its length (the warm-up alone may never end).
import torch
from transformers import get_linear_schedule_with_warmup


def pretrain(model, get_batch):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=32000,  # expect: LR019
                                                num_training_steps=320000)
    step_cnt = 0
    while True:
        step_cnt += 1
        loss = model(**get_batch()).loss / 16
        loss.backward()
        if step_cnt % 16 == 0:
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
        if step_cnt == 320000:
            break


def train_steps(model, batches, args):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=args.warmup_steps,  # expect: LR019
                                                num_training_steps=args.max_steps)
    it = iter(batches)
    for step in range(args.max_steps):
        loss = model(**next(it)).loss / args.grad_accum
        loss.backward()
        if (step + 1) % args.grad_accum == 0:
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
