# warmup_epochs = EPOCHS // 20 with 12 epochs is 0: the SequentialLR milestone is 0 and the warmup is skipped.
import torch
from torch.optim import lr_scheduler

EPOCHS = 12


def build_scheduler(optimizer):
    warmup_epochs = EPOCHS // 20
    warmup = lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=warmup_epochs)
    decay = lr_scheduler.ExponentialLR(optimizer, gamma=0.9)
    return lr_scheduler.SequentialLR(optimizer, schedulers=[warmup, decay], milestones=[warmup_epochs])  # expect: LR023


def train(model, loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scheduler = build_scheduler(optimizer)
    for epoch in range(EPOCHS):
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()
