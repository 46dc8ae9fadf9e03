# The optimizer is picked from an option in the two arms of an `if`, under one name; the scheduler is built on that
# name, and the training function writes a fixed LR into the same optimizer after every update, so the cosine
# decay is undone before each step (LR021).
import argparse

import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


def train_one_epoch(model, optimizer, loader, lr):
    model.train()
    for x, y in loader:
        optimizer.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()
        for group in optimizer.param_groups:
            group["lr"] = lr  # expect: LR021


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--optimizer", default="adam")
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--epochs", type=int, default=40)
    args = parser.parse_args()
    model = torch.nn.Linear(6, 1)
    loader = [(torch.randn(16, 6), torch.randn(16, 1)) for _ in range(20)]
    if args.optimizer == "sgd":
        optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = CosineAnnealingLR(optimizer, T_max=args.epochs)
    for epoch in range(args.epochs):
        train_one_epoch(model, optimizer, loader, args.lr)
        scheduler.step()


if __name__ == "__main__":
    main()
