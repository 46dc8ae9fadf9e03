# Right: T_max is the run minus the warmup, or the loop runs warmup + epochs.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR

epochs = 100
warmup_epochs = 5


def reduced(model, loader):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    warmup = LinearLR(opt, start_factor=0.01, total_iters=warmup_epochs)
    cosine = CosineAnnealingLR(opt, T_max=epochs - warmup_epochs)
    sched = SequentialLR(opt, schedulers=[warmup, cosine], milestones=[warmup_epochs])
    for epoch in range(epochs):
        for x, y in loader:
            opt.step()
        sched.step()


def extended(model, loader):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    warmup = LinearLR(opt, start_factor=0.01, total_iters=warmup_epochs)
    cosine = CosineAnnealingLR(opt, T_max=epochs)
    sched = SequentialLR(opt, schedulers=[warmup, cosine], milestones=[warmup_epochs])
    for epoch in range(warmup_epochs + epochs):
        for x, y in loader:
            opt.step()
        sched.step()
