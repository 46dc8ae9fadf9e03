# Right: the settings live in a dataclass of the file, built without arguments; its accumulation is 1, so the
# update gate `% cfg.accum_steps` passes on every batch and a schedule sized in batches is sized in updates.
from dataclasses import dataclass

import torch


@dataclass
class RunSettings:
    n_epochs: int = 4
    accum_steps: int = 1
    peak_lr: float = 3e-4


def fit(net, batches):
    cfg = RunSettings()
    opt = torch.optim.AdamW(net.parameters(), lr=cfg.peak_lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.peak_lr, total_steps=len(batches) * cfg.n_epochs)
    for _ in range(cfg.n_epochs):
        for k, (x, y) in enumerate(batches):
            torch.nn.functional.mse_loss(net(x), y).backward()
            if (k + 1) % cfg.accum_steps == 0:
                opt.step()
                sched.step()
                opt.zero_grad()
