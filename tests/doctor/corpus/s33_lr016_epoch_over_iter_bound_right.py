# Right: two loops named `epoch` over bounds named in iterations. The first makes one pass over the loader per turn
# through train(), which steps the scheduler once at its end (the loop does not step it again); the second draws
# one batch per turn with next() and steps its own per-iteration schedule once per update.
import torch
from torch import nn


def train(cfg, loader, net, opt, sched):
    net.train()
    for x, y in loader:
        opt.zero_grad()
        nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
    sched.step()


def run(cfg, net, loader):
    opt = torch.optim.SGD(net.parameters(), cfg.lr, momentum=0.9)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=cfg.end_iter)
    for epoch in range(cfg.end_iter):
        train(cfg, loader, net, opt, sched)


def finetune(cfg, net, loader):
    opt = torch.optim.AdamW(net.parameters(), lr=cfg.lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=cfg.max_iters)
    batches = iter(loader)
    for epoch in range(cfg.max_iters):
        x, y = next(batches)
        opt.zero_grad()
        nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
        sched.step()
