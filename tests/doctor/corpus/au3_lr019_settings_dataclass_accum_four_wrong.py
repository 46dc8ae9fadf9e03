# Wrong: the same dataclass settings with an accumulation of 4: the schedule counts batches but is stepped once
# per update, so it runs only a quarter of its length.
from dataclasses import dataclass

import torch


@dataclass
class RunSettings:
    n_epochs: int = 4
    accum_steps: int = 4
    peak_lr: float = 3e-4


def fit(net, batches):
    cfg = RunSettings()
    opt = torch.optim.AdamW(net.parameters(), lr=cfg.peak_lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.peak_lr, total_steps=len(batches) * cfg.n_epochs)  # expect: LR019
    for _ in range(cfg.n_epochs):
        for k, (x, y) in enumerate(batches):
            torch.nn.functional.mse_loss(net(x), y).backward()
            if (k + 1) % cfg.accum_steps == 0:
                opt.step()
                sched.step()
                opt.zero_grad()
