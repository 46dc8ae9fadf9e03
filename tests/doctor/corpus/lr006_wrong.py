# SequentialLR milestones that disagree with the warmup length.
import torch
from torch.optim.lr_scheduler import ConstantLR, CosineAnnealingLR, ExponentialLR, LinearLR, SequentialLR

WARMUP_STEPS = 500


def a(model, total_steps):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    warm = LinearLR(opt, start_factor=0.1, total_iters=WARMUP_STEPS)
    decay = CosineAnnealingLR(opt, T_max=total_steps - WARMUP_STEPS)
    return SequentialLR(opt, [warm, decay], milestones=[1000])  # expect: LR006


def b(model):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    return SequentialLR(opt, [ConstantLR(opt, factor=0.1), ExponentialLR(opt, gamma=0.9)],
                        milestones=[2])  # expect: LR006
