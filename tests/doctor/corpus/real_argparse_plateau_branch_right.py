# The scheduler is chosen by argparse and the stepping follows the same branch: the plateau gets the metric.
import argparse

import torch
from torch.optim import lr_scheduler


def main(model, train_loader, val_loader, train_epoch, validate):
    parser = argparse.ArgumentParser()
    parser.add_argument("--scheduler", choices=["step", "cosine", "plateau"], default="step")
    parser.add_argument("--epochs", type=int, default=60)
    args = parser.parse_args()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    if args.scheduler == "step":
        scheduler = lr_scheduler.StepLR(optimizer, step_size=20, gamma=0.1)
    elif args.scheduler == "cosine":
        scheduler = lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)
    else:
        scheduler = lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", patience=4)
    for epoch in range(args.epochs):
        train_epoch(model, train_loader, optimizer)
        val_loss = validate(model, val_loader)
        if args.scheduler == "plateau":
            scheduler.step(val_loss)
        else:
            scheduler.step()
