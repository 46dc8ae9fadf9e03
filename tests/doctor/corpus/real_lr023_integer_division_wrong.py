# warmup_epochs = epochs // 20 with 12 epochs is 0: the SequentialLR milestone is 0 and the warmup is skipped.
import torch
from torch.optim import lr_scheduler


def build_scheduler(optimizer, epochs=12):
    warmup_epochs = epochs // 20
    warmup = lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=warmup_epochs)
    decay = lr_scheduler.ExponentialLR(optimizer, gamma=0.9)
    return lr_scheduler.SequentialLR(optimizer, schedulers=[warmup, decay], milestones=[warmup_epochs])  # expect: LR023
