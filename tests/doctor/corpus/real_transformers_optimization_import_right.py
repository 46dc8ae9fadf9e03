# transformers.optimization import of the factories; sized in optimizer updates and stepped after each update.
import math

import torch
from transformers.optimization import get_polynomial_decay_schedule_with_warmup


def train(args, model, train_dataloader):
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.learning_rate)
    updates_per_epoch = math.ceil(len(train_dataloader) / args.gradient_accumulation_steps)
    total = updates_per_epoch * args.num_train_epochs
    scheduler = get_polynomial_decay_schedule_with_warmup(optimizer, num_warmup_steps=int(0.1 * total),
                                                          num_training_steps=total, power=2.0)
    for epoch in range(args.num_train_epochs):
        for step, batch in enumerate(train_dataloader):
            (model(**batch).loss / args.gradient_accumulation_steps).backward()
            if (step + 1) % args.gradient_accumulation_steps == 0:
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
