# A warm-up + cosine scheduler class of the project, written right: after the warm-up the cosine starts at
# the base LR and comes down to the floor.
import math

import torch
from torch.optim.lr_scheduler import _LRScheduler


class WarmupCosine(_LRScheduler):
    def __init__(self, optimizer, warmup_iters, max_iters, min_lr=1e-6, last_epoch=-1):
        self.warmup_iters = warmup_iters
        self.max_iters = max_iters
        self.min_lr = min_lr
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        step = self.last_epoch + 1
        if step < self.warmup_iters:
            return [base_lr * step / self.warmup_iters for base_lr in self.base_lrs]
        progress = (step - self.warmup_iters) / (self.max_iters - self.warmup_iters)
        return [self.min_lr + (base_lr - self.min_lr) * 0.5 * (1 + math.cos(math.pi * progress))
                for base_lr in self.base_lrs]


def train(model, loader, iters=20000):
    optimizer = torch.optim.AdamW(model.parameters(), lr=6e-4)
    scheduler = WarmupCosine(optimizer, warmup_iters=2000, max_iters=iters)
    it = iter(loader)
    for _ in range(iters):
        x, y = next(it)
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
        scheduler.step()
