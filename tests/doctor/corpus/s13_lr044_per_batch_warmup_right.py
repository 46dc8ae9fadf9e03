# A warm-up from 0 counted in optimizer steps and stepped every batch: only the very first update runs at
# LR 0, which is harmless (and what transformers' linear warm-up does too).
import torch
from torch.optim.lr_scheduler import LambdaLR

warmup_steps = 1000


def fit(model, loader, epochs=10):
    opt = torch.optim.AdamW(model.parameters(), lr=5e-4)
    sched = LambdaLR(opt, lambda step: min(1.0, step / warmup_steps))
    for epoch in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
            sched.step()
