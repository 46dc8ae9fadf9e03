# Wrong: the LambdaLR function returns the optimizer's LR (written as the same number) times a decay: LambdaLR
# multiplies the optimizer's LR by it, so the run trains at about 4e-10.
import torch
from torch.optim.lr_scheduler import LambdaLR


def fit(model, loader, epochs=20):
    opt = torch.optim.AdamW(model.parameters(), lr=2e-5)
    total = epochs * len(loader)
    sched = LambdaLR(opt, lambda it: 2e-5 * (1 - it / total))  # expect: LR039
    for _ in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
            sched.step()
