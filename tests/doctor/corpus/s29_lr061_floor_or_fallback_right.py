# Right: the fallback floors are a fraction of the base LR, or the option has a default of its own, so a run
# without options still decays.
import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--base-lr", type=float, default=3e-4)
parser.add_argument("--final-lr", type=float, default=None)
parser.add_argument("--floor-lr", type=float, default=1e-6)
parser.add_argument("--epochs", type=int, default=20)
opts = parser.parse_args()

optim = torch.optim.AdamW(net.parameters(), lr=opts.base_lr)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(
    optim, T_max=opts.epochs * len(loader), eta_min=opts.final_lr or opts.base_lr * 0.01)
optim2 = torch.optim.AdamW(head.parameters(), lr=opts.base_lr)
sched2 = torch.optim.lr_scheduler.CosineAnnealingLR(
    optim2, T_max=opts.epochs * len(loader), eta_min=opts.floor_lr or opts.base_lr)
for ep in range(opts.epochs):
    for xb, yb in loader:
        optim.zero_grad()
        optim2.zero_grad()
        criterion(head(net(xb)), yb).backward()
        optim.step()
        optim2.step()
        sched.step()
        sched2.step()
