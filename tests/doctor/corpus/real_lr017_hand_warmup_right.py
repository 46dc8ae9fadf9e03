# Right: hand-written warmups that are a small part of the run (5 of 100 epochs; a config object's 3 of 50),
# followed by the scheduler.
from types import SimpleNamespace

import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, MultiStepLR

EPOCHS = 100
WARMUP_EPOCHS = 5
BASE_LR = 0.1


def main(model, loader):
    opt = torch.optim.SGD(model.parameters(), lr=BASE_LR, momentum=0.9)
    sched = MultiStepLR(opt, milestones=[60, 80], gamma=0.1)
    for epoch in range(EPOCHS):
        if epoch < WARMUP_EPOCHS:
            for g in opt.param_groups:
                g["lr"] = BASE_LR * (epoch + 1) / WARMUP_EPOCHS
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        sched.step()


def with_config(model, loader):
    cfg = SimpleNamespace(epochs=50, warmup_epochs=3, lr=1e-3)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr)
    sched = CosineAnnealingLR(opt, T_max=cfg.epochs - cfg.warmup_epochs)
    for epoch in range(cfg.epochs):
        if epoch < cfg.warmup_epochs:
            for g in opt.param_groups:
                g["lr"] = cfg.lr * (epoch + 1) / cfg.warmup_epochs
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        if epoch >= cfg.warmup_epochs:
            sched.step()
