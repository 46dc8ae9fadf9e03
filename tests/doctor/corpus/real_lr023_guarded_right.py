# A warmup that may round to 0 is only chained when it is positive; otherwise the decay is used alone.
import torch
from torch.optim import lr_scheduler

EPOCHS = 12


def build_scheduler(optimizer):
    warmup_epochs = EPOCHS // 20
    decay = lr_scheduler.ExponentialLR(optimizer, gamma=0.9)
    if warmup_epochs > 0:
        warmup = lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=warmup_epochs)
        return lr_scheduler.SequentialLR(optimizer, schedulers=[warmup, decay], milestones=[warmup_epochs])
    return decay


def train(model, loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scheduler = build_scheduler(optimizer)
    for epoch in range(EPOCHS):
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()
