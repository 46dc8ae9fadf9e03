# Wrong: the warmup is counted in epochs while the schedule is stepped every batch and its run is counted in
# batches: the warmup ends after a handful of batches. A transformers factory given args.warmup_epochs as its
# warmup steps, and a LambdaLR whose function compares the step with a warmup computed from the epoch count.
import argparse

import torch
from torch.optim.lr_scheduler import LambdaLR
from transformers import get_cosine_schedule_with_warmup


def finetune(model, train_loader):
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--warmup_epochs", type=int, default=1)
    args = parser.parse_args()
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    scheduler = get_cosine_schedule_with_warmup(optimizer, num_warmup_steps=args.warmup_epochs,
                                                num_training_steps=args.epochs * len(train_loader))
    for epoch in range(args.epochs):
        for batch in train_loader:
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()  # expect: LR001
            optimizer.zero_grad()


num_epochs = 20
warmup_steps = int(0.1 * num_epochs)


def train(model, train_dataloader):
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)

    def lr_lambda(it):
        if it < warmup_steps:
            return it / warmup_steps
        return max(0.0, 1 - (it - warmup_steps) / (num_epochs * len(train_dataloader) - warmup_steps))

    scheduler = LambdaLR(optimizer, lr_lambda)
    for epoch in range(num_epochs):
        for batch in train_dataloader:
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()  # expect: LR001
            optimizer.zero_grad()
