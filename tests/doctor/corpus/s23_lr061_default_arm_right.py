# The point-cloud recipe as published: `--use_sgd` defaults to True, so a run without options builds SGD at
# `args.lr * 100` and anneals it down to `eta_min=args.lr`. The Adam arm would start at the floor, but only when
# the option turns SGD off; nor is a choice reported whose flag has no default in the file (`--adam` given as
# `store_false` here makes the default run take the Adam arm at `args.lr * 10`).
import argparse

import torch
from torch import nn
from torch.optim.lr_scheduler import CosineAnnealingLR


def train(args, model, train_loader):
    if args.use_sgd:
        opt = torch.optim.SGD(model.parameters(), lr=args.lr * 100, momentum=0.9, weight_decay=5e-4)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=1e-4)
    scheduler = CosineAnnealingLR(opt, args.epochs, eta_min=args.lr)
    for epoch in range(args.epochs):
        for points, label in train_loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(points), label).backward()
            opt.step()
        scheduler.step()


def finetune(args, model, train_loader):
    if args.adam:
        opt = torch.optim.Adam(model.parameters(), lr=args.lr * 10)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    scheduler = CosineAnnealingLR(opt, args.epochs, eta_min=args.lr)
    for epoch in range(args.epochs):
        for points, label in train_loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(points), label).backward()
            opt.step()
        scheduler.step()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--use_sgd", type=bool, default=True)
    parser.add_argument("--adam", action="store_false")
    parser.add_argument("--lr", type=float, default=0.001)
    parser.add_argument("--epochs", type=int, default=250)
    args = parser.parse_args()
    model = nn.Linear(3, 40)
    data = torch.utils.data.TensorDataset(torch.randn(64, 3), torch.randint(0, 40, (64,)))
    loader = torch.utils.data.DataLoader(data, batch_size=16, shuffle=True)
    train(args, model, loader)
    finetune(args, model, loader)
