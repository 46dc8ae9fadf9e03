# Wrong: the cosine's floor falls back to the base LR when --final-lr is not given (its default is None): in a
# run without the option, eta_min equals the optimizer's LR and the cosine runs from 3e-4 to 3e-4.
import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--base-lr", type=float, default=3e-4)
parser.add_argument("--final-lr", type=float, default=None)
parser.add_argument("--epochs", type=int, default=20)
opts = parser.parse_args()

optim = torch.optim.AdamW(net.parameters(), lr=opts.base_lr)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(  # expect: LR061
    optim, T_max=opts.epochs * len(loader), eta_min=opts.final_lr or opts.base_lr)
for ep in range(opts.epochs):
    for xb, yb in loader:
        optim.zero_grad()
        criterion(net(xb), yb).backward()
        optim.step()
        sched.step()
