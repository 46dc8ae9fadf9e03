# A warmup that may round to 0 is only chained when it is positive; otherwise the decay is used alone.
import torch
from torch.optim import lr_scheduler


def build_scheduler(optimizer, epochs=12):
    warmup_epochs = epochs // 20
    decay = lr_scheduler.ExponentialLR(optimizer, gamma=0.9)
    if warmup_epochs > 0:
        warmup = lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=warmup_epochs)
        return lr_scheduler.SequentialLR(optimizer, schedulers=[warmup, decay], milestones=[warmup_epochs])
    return decay
