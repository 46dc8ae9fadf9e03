# Right: optimizer first; or a scheduler step guarded so it never runs before the first optimizer step.
import torch
from torch.optim.lr_scheduler import MultiStepLR


def train_epoch(model, loader, optimizer):
    for x, y in loader:
        model(x).sum().backward()
        optimizer.step()


def new_style(model, loader):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = MultiStepLR(opt, milestones=[30, 60])
    for epoch in range(90):
        train_epoch(model, loader, opt)
        sched.step()


def guarded(model, loader):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = MultiStepLR(opt, milestones=[30, 60])
    for epoch in range(90):
        if epoch > 0:
            sched.step()
        train_epoch(model, loader, opt)
