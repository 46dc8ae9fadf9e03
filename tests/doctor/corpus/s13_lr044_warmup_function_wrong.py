# A warm-up written as a function of the epoch, `epoch / warmup_epochs`, and stepped once per epoch after
# the helper's optimizer steps: its factor is 0 for the first epoch, which then trains with LR 0.
import argparse

import torch
from torch import optim

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=30)
parser.add_argument("--warmup_epochs", type=int, default=2)
parser.add_argument("--lr", type=float, default=3e-4)
args = parser.parse_args()


def train_one_epoch(model, loader, optimizer):
    for batch, target in loader:
        optimizer.zero_grad()
        torch.nn.functional.mse_loss(model(batch), target).backward()
        optimizer.step()


def main(model, train_loader):
    optimizer = optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.05)

    def lr_lambda(epoch):
        if epoch < args.warmup_epochs:
            return epoch / args.warmup_epochs
        return 1.0

    scheduler = optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)  # expect: LR044
    for epoch in range(args.epochs):
        train_one_epoch(model, train_loader, optimizer)
        scheduler.step()
