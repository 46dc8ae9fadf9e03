# Right (silent): a shared training function steps its scheduler argument under a condition, so whether
# a given scheduler reaches that call depends on values the doctor does not follow.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, ReduceLROnPlateau


def train(model, loader, opt, sched, per, epochs, metric=False):
    for epoch in range(epochs):
        for x, y in loader:
            model(x).sum().backward()
            opt.step()
            if per == "batch":
                sched.step()
        if per == "epoch":
            sched.step(0.0) if metric else sched.step()


def main(model, loader, epochs):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    train(model, loader, opt, CosineAnnealingLR(opt, T_max=epochs), "epoch", epochs)
    train(model, loader, opt, ReduceLROnPlateau(opt), "epoch", epochs, metric=True)
