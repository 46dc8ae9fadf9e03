# The epoch count comes from argparse through a get_args() helper (default 60) and main(args); MultiStepLR's
# milestones [30, 45] lie inside those 60 epochs, but the scheduler is stepped every batch.
import argparse

import torch
from torch.optim.lr_scheduler import MultiStepLR


def get_args():
    parser = argparse.ArgumentParser(description="classifier")
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--lr", type=float, default=0.05)
    return parser.parse_args()


def main(args, model, loader, loss_fn):
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    scheduler = MultiStepLR(optimizer, milestones=[30, 45], gamma=0.1)
    for epoch in range(args.epochs):
        for batch_idx, (x, y) in enumerate(loader):
            optimizer.zero_grad()
            loss_fn(model(x), y).backward()
            optimizer.step()
            scheduler.step()  # expect: LR001


if __name__ == "__main__":
    args = get_args()
    main(args, *build())
