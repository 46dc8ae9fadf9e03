# Right: a hand-written warmup that writes the LR only while it lasts, and the scheduler stepped only after it
# (the arms exclude each other); a warmup of the first epoch's batches under `if epoch == 0` with a per-epoch
# MultiStepLR (the scheduler only acts at its milestones, after the warmup); and a per-group write that scales
# the scheduler's own value (composes with it).
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, MultiStepLR


def train(model, train_loader, epochs=20, base_lr=3e-4, warmup=1000):
    optimizer = torch.optim.AdamW(model.parameters(), lr=base_lr)
    scheduler = CosineAnnealingLR(optimizer, T_max=epochs * len(train_loader) - warmup)
    step = 0
    for epoch in range(epochs):
        for x, y in train_loader:
            step += 1
            loss = torch.nn.functional.cross_entropy(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if step < warmup:
                for group in optimizer.param_groups:
                    group["lr"] = base_lr * step / warmup
            else:
                scheduler.step()


def imagenet(model, loader, epochs=90, lr=0.1):
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    sched = MultiStepLR(opt, milestones=[30, 60, 80], gamma=0.1)
    for epoch in range(epochs):
        for i, (x, y) in enumerate(loader):
            if epoch == 0:
                for g in opt.param_groups:
                    g["lr"] = lr * (i + 1) / len(loader)
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        sched.step()


def layerwise(model, loader, epochs=10):
    opt = torch.optim.AdamW([{"params": model.head.parameters(), "scale": 10.0},
                             {"params": model.body.parameters(), "scale": 1.0}], lr=1e-4)
    sched = CosineAnnealingLR(opt, T_max=epochs * len(loader))
    for epoch in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
            sched.step()
            for g in opt.param_groups:
                g["lr"] = sched.get_last_lr()[0] * g["scale"]
