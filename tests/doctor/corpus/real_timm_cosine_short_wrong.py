# Wrong: timm's CosineLRScheduler set per epoch with step(epoch) (its position, so no order problem) has one
# cycle of t_initial=10 epochs (cycle_limit=1 by default) while the loop runs 15: the last 5 train at lr_min.
import torch
from timm.scheduler import CosineLRScheduler


def fit(model, loader, loss_fn):
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    sched = CosineLRScheduler(opt, t_initial=10, warmup_t=2, warmup_lr_init=1e-5)  # expect: LR013
    for epoch in range(15):
        sched.step(epoch)
        for x, y in loader:
            opt.zero_grad()
            loss_fn(model(x), y).backward()
            opt.step()
