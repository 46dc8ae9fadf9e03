# StepLR(step_size=args.step_size) stepped once per epoch: nothing in the source says the size is in optimizer steps.
import argparse

import torch
from torch.optim.lr_scheduler import StepLR


def main(model, train_loader, train_epoch, evaluate):
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--step_size", type=int, default=10)
    parser.add_argument("--gamma", type=float, default=0.1)
    args = parser.parse_args()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    scheduler = StepLR(optimizer, step_size=args.step_size, gamma=args.gamma)
    for epoch in range(1, args.epochs + 1):
        train_epoch(model, train_loader, optimizer)
        evaluate(model)
        scheduler.step()
