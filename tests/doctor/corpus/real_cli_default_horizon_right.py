# Right: a cosine over the whole run in batches (len(train_loader) * --epochs), stepped every batch inside a
# helper.
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
    scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=len(train_loader) * args.epochs)
    for epoch in range(args.epochs):
        train(model, train_loader, optimizer, scheduler)


if __name__ == "__main__":
    main()
