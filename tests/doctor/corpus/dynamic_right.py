# Right (silent): too dynamic to know, so the doctor says nothing.
import torch
from torch.optim import lr_scheduler


def build(name, opt, cfg):
    return getattr(lr_scheduler, name)(opt, **cfg)


def train(model, loader, cfg):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = build(cfg.scheduler, opt, cfg.scheduler_kwargs)
    for epoch in range(cfg.epochs):
        for x, y in loader:
            opt.step()
            sched.step()


def while_loop(model, batches, epochs):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = lr_scheduler.CosineAnnealingLR(opt, T_max=epochs)
    it = iter(batches)
    while True:
        opt.step()
        sched.step()


def unknown_loop(model, chunks, epochs):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = lr_scheduler.CosineAnnealingLR(opt, T_max=epochs)
    for chunk in chunks:
        opt.step()
        sched.step()
