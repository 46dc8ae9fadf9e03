# Right: timm's CosineLRScheduler set per epoch with step(epoch) at the top of the epoch (its position, so no
# order problem), one cycle over the 15 epochs the loop runs.
import torch
from timm.scheduler import CosineLRScheduler


def fit(model, loader, loss_fn):
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    sched = CosineLRScheduler(opt, t_initial=15, warmup_t=2, warmup_lr_init=1e-5)
    for epoch in range(15):
        sched.step(epoch)
        for x, y in loader:
            opt.zero_grad()
            loss_fn(model(x), y).backward()
            opt.step()
