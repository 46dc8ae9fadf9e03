# Right: the milestone is the warmup length (same name, same value, or the defaults).
import torch
from torch.optim.lr_scheduler import ConstantLR, CosineAnnealingLR, ExponentialLR, LinearLR, SequentialLR


def a(model, total_steps, warmup_steps):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    warm = LinearLR(opt, start_factor=0.1, total_iters=warmup_steps)
    decay = CosineAnnealingLR(opt, T_max=total_steps - warmup_steps)
    return SequentialLR(opt, [warm, decay], milestones=[warmup_steps])


def b(model):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    return SequentialLR(opt, [ConstantLR(opt, factor=0.1), ExponentialLR(opt, gamma=0.9)], milestones=[5])


def c(model):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    n = 10
    return SequentialLR(opt, [LinearLR(opt, 0.1, 1.0, n), ExponentialLR(opt, gamma=0.9)], milestones=[10])
