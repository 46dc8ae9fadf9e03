# Right: the older form of stepping, `scheduler.step(epoch)` at the top of each epoch with a counter that starts
# at 0: torch sets the position to the epoch given, so the first epoch trains at the schedule's first value.
import torch
from torch import nn


def run_epoch(model, loader, optimizer):
    for x, y in loader:
        optimizer.zero_grad()
        nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()


def fit(model, loader, epochs=60):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=20, gamma=0.1)
    first = 0
    for epoch in range(first, epochs):
        scheduler.step(epoch)
        run_epoch(model, loader, optimizer)
