# Warmup added in front of a cosine whose T_max is still the whole run.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR

epochs = 100
warmup_epochs = 5


def per_epoch(model, loader):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    warmup = LinearLR(opt, start_factor=0.01, total_iters=warmup_epochs)
    cosine = CosineAnnealingLR(opt, T_max=epochs)  # expect: LR005
    sched = SequentialLR(opt, schedulers=[warmup, cosine], milestones=[warmup_epochs])
    for epoch in range(epochs):
        for x, y in loader:
            model(x).sum().backward()
            opt.step()
        sched.step()


def per_step(model, loader, total_steps, warmup_steps):
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    sched = SequentialLR(
        opt,
        [LinearLR(opt, start_factor=0.1, total_iters=warmup_steps),
         CosineAnnealingLR(opt, T_max=total_steps)],  # expect: LR005
        milestones=[warmup_steps])
    for step in range(total_steps):
        opt.step()
        sched.step()
