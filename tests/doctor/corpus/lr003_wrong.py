# Plateau schedulers stepped without the metric.
import torch
import lrkit.torch
from torch.optim import lr_scheduler


def fit(model, loader, evaluate, epochs):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    plateau = lr_scheduler.ReduceLROnPlateau(opt, patience=5)
    for epoch in range(epochs):
        for x, y in loader:
            model(x).sum().backward()
            opt.step()
        val_loss = evaluate(model)
        plateau.step()  # expect: LR003


def fit_lrkit(model, loader, evaluate, epochs):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = lrkit.torch.LRScheduler(opt, "warmup(2ep) >> plateau(patience=3)", steps_per_epoch=len(loader))
    for epoch in range(epochs):
        for x, y in loader:
            model(x).sum().backward()
            opt.step()
        sched.step()  # expect: LR003
