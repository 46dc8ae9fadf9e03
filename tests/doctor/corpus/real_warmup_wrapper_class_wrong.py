# The project's own warmup wrapper steps a wrapped cosine sized in epochs, and the wrapper is stepped per batch.
# The mark is on the loop's call: that is where the stepping happens (the wrapper forwards each call).
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


class WarmupScheduler:
    def __init__(self, optimizer, warmup_steps, after_scheduler):
        self.optimizer = optimizer
        self.warmup_steps = warmup_steps
        self.after_scheduler = after_scheduler
        self.base_lrs = [g["lr"] for g in optimizer.param_groups]
        self.num_steps = 0

    def step(self):
        self.num_steps += 1
        if self.num_steps <= self.warmup_steps:
            for group, base in zip(self.optimizer.param_groups, self.base_lrs):
                group["lr"] = base * self.num_steps / self.warmup_steps
        else:
            self.after_scheduler.step()


def train(model, loader, epochs=30, warmup_steps=1000):
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4)
    cosine = CosineAnnealingLR(optimizer, T_max=epochs)
    scheduler = WarmupScheduler(optimizer, warmup_steps, cosine)
    for epoch in range(epochs):
        for batch in loader:
            loss = model(batch)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()  # expect: LR001
