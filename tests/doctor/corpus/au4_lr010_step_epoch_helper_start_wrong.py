# Wrong: the helper starts a fresh run at epoch 1, so `sched.step(epoch)` at the top of the first epoch already
# moves the schedule one position on: the first value is never used and every decay comes an epoch early.
import os
import torch
from torch import nn


def first_epoch(folder):
    names = [f for f in os.listdir(folder) if f.startswith("net_") and f.endswith(".pt")]
    if not names:
        return 1
    return max(int(f[4:-3]) for f in names) + 1


def fit(net, batches, folder, total=60):
    opt = torch.optim.Adam(net.parameters(), lr=3e-4)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=20, gamma=0.5)
    start = first_epoch(folder)
    for epoch in range(start, total + 1):
        sched.step(epoch)  # expect: LR010
        for x, y in batches:
            opt.zero_grad()
            nn.functional.l1_loss(net(x), y).backward()
            opt.step()
        torch.save(net.state_dict(), os.path.join(folder, f"net_{epoch}.pt"))
