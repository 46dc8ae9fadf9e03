# Wrong: the epoch loop's bound is named in iterations (`cfg.end_iter`, the number of training epochs here), and its
# body calls a train() that makes one pass over the loader and steps the scheduler at its end; the loop steps it
# again right after: two steps per epoch, so the cosine reaches its floor halfway through the run and climbs back.
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
        sched.step()  # expect: LR016
