# Wrong: the same older form with a counter that starts at 1: the first epoch already trains at the value of
# position 1, and every decay comes one epoch early.
import torch
from torch import nn


def run_epoch(model, loader, optimizer):
    for x, y in loader:
        optimizer.zero_grad()
        nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()


def fit(model, loader, epochs=60):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.9)
    for epoch in range(1, epochs + 1):
        scheduler.step(epoch)  # expect: LR010
        run_epoch(model, loader, optimizer)
