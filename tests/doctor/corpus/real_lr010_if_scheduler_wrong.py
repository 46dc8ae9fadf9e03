# The scheduler is stepped at the top of each epoch behind `if scheduler:`, before the batch loop's optimizer
# steps (the pre-1.1 order); the truthiness check decides whether, not when, it runs.
import torch
from torch.optim.lr_scheduler import StepLR


def train(model, loader, epochs, use_scheduler=True):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = StepLR(optimizer, step_size=20, gamma=0.5) if use_scheduler else None
    for epoch in range(epochs):
        if scheduler:
            scheduler.step()  # expect: LR010
        for x, y in loader:
            optimizer.zero_grad()
            model(x, y).backward()
            optimizer.step()
