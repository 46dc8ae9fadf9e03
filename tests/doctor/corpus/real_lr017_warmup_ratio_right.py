# Warmup from a ratio of the run, passed positionally in the right order (warmup, total).
import math

import torch
from transformers import get_cosine_schedule_with_warmup


def train(args, model, train_dataloader):
    max_train_steps = args.num_train_epochs * math.ceil(len(train_dataloader) / args.gradient_accumulation_steps)
    num_warmup_steps = math.ceil(args.warmup_ratio * max_train_steps)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.learning_rate)
    scheduler = get_cosine_schedule_with_warmup(optimizer, num_warmup_steps, max_train_steps)
    for epoch in range(args.num_train_epochs):
        for step, batch in enumerate(train_dataloader):
            (model(**batch).loss / args.gradient_accumulation_steps).backward()
            if (step + 1) % args.gradient_accumulation_steps == 0 or step == len(train_dataloader) - 1:
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
