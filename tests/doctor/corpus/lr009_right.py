# Right: a short run without a schedule; a long one with a manual decay.
import torch


def short(model, loader):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(10):
        for x, y in loader:
            opt.step()


def manual(model, loader):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(200):
        if epoch in (100, 150):
            for g in opt.param_groups:
                g["lr"] *= 0.1
        for x, y in loader:
            opt.step()
