# The optimizer and scheduler come from a builder function of the same file and are stepped by the caller.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


def build_optimizer(cfg, model):
    optimizer = torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=0.9, weight_decay=cfg.wd)
    scheduler = CosineAnnealingLR(optimizer, T_max=cfg.epochs)
    return optimizer, scheduler


def run(cfg, model, loader):
    optimizer, scheduler = build_optimizer(cfg, model)
    for epoch in range(cfg.epochs):
        for x, y in loader:
            loss = torch.nn.functional.cross_entropy(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        scheduler.step()
