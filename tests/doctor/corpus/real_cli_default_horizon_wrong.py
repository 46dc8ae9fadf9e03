# Wrong: a cosine over one epoch of batches (T_max=len(train_loader)), stepped every batch inside a helper,
# while the run lasts --epochs (400 by default): the LR reaches 0 after the first epoch and cycles from then on.
import argparse

import torch
from torch import optim

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=3e-4)
parser.add_argument("--epochs", type=int, default=400)


def train(model, loader, optimizer, scheduler):
    for x, y in loader:
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        scheduler.step()


def main():
    args = parser.parse_args()
    model, train_loader = build()
    optimizer = optim.Adam(model.parameters(), lr=args.lr)
    scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=len(train_loader))  # expect: LR013
    for epoch in range(args.epochs):
        train(model, train_loader, optimizer, scheduler)


if __name__ == "__main__":
    main()
