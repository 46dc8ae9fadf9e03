# Right: the LambdaLR function returns a factor: a floor of 0.05 of the optimizer's LR, then a linear decay.
import torch
from torch.optim.lr_scheduler import LambdaLR


def fit(model, loader, epochs=20):
    opt = torch.optim.AdamW(model.parameters(), lr=2e-5)
    total = epochs * len(loader)
    sched = LambdaLR(opt, lambda it: max(0.05, 1 - it / total))
    for _ in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
            sched.step()
