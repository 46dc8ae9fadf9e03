# Right: the metric is passed (positionally or as metrics=).
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


def fit(model, loader, evaluate, epochs):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = ReduceLROnPlateau(opt, mode="min", patience=5)
    for epoch in range(epochs):
        for x, y in loader:
            model(x).sum().backward()
            opt.step()
        val_loss = evaluate(model)
        sched.step(val_loss)


def fit_kw(model, loader, evaluate, epochs):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = ReduceLROnPlateau(opt, "max")
    for epoch in range(epochs):
        for x, y in loader:
            model(x).sum().backward()
            opt.step()
        sched.step(metrics=evaluate(model))
