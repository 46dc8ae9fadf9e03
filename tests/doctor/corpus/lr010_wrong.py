# The scheduler steps before the optimizer in the same loop body.
import torch
from torch.optim.lr_scheduler import MultiStepLR, OneCycleLR


def train_epoch(model, loader, optimizer):
    for x, y in loader:
        optimizer.zero_grad()
        model(x).sum().backward()
        optimizer.step()


def old_style(model, loader):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = MultiStepLR(opt, milestones=[30, 60])
    for epoch in range(90):
        sched.step()  # expect: LR010
        train_epoch(model, loader, opt)


def per_batch(model, loader, epochs):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = OneCycleLR(opt, max_lr=0.1, epochs=epochs, steps_per_epoch=len(loader))
    for epoch in range(epochs):
        for x, y in loader:
            model(x).sum().backward()
            sched.step()  # expect: LR010
            opt.step()
            opt.zero_grad()
