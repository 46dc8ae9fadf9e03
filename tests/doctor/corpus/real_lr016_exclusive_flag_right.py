# One flag decides where the scheduler steps: per iteration or per epoch, never both.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


def train(cfg, model, loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=0.9)
    if cfg.sched_by_iter:
        scheduler = CosineAnnealingLR(optimizer, T_max=cfg.epochs * len(loader))
    else:
        scheduler = CosineAnnealingLR(optimizer, T_max=cfg.epochs)
    for epoch in range(cfg.epochs):
        for x, y in loader:
            loss = torch.nn.functional.cross_entropy(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if cfg.sched_by_iter:
                scheduler.step()
        if not cfg.sched_by_iter:
            scheduler.step()
