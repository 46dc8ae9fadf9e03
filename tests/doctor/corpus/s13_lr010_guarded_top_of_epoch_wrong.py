# The decay is stepped at the top of the epoch, under a warm-up test that already holds on the first
# epoch (epochs count from 1, the warm-up defaults to 0): it runs before the epoch's optimizer steps,
# so every epoch trains one decay ahead (the pre-1.1 order, under an `if`).
import argparse

import torch
from torch.optim.lr_scheduler import ExponentialLR

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=60)
parser.add_argument("--warmup-epochs", type=int, default=0)
args = parser.parse_args()


def run_epoch(model, loader, optimizer):
    for images, labels in loader:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(images), labels).backward()
        optimizer.step()


def main(model, train_loader):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    decay = ExponentialLR(optimizer, gamma=0.97)
    for epoch in range(1, args.epochs + 1):
        if epoch > args.warmup_epochs:
            decay.step()  # expect: LR010
        run_epoch(model, train_loader, optimizer)
