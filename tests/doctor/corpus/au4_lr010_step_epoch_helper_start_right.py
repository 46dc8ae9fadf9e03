# Right: the loop resumes at the epoch a helper reads from the saved files, and a fresh run gets 0 from it.
# `sched.step(epoch)` at the top of each epoch sets the position to that epoch: the first epoch trains at the
# schedule's first value and a resumed run continues where it stopped.
import os
import torch
from torch import nn


def completed_epochs(folder):
    names = [f for f in os.listdir(folder) if f.startswith("net_") and f.endswith(".pt")]
    if names:
        done = max(int(f[4:-3]) for f in names)
    else:
        done = 0
    return done


def fit(net, batches, folder, total=60):
    opt = torch.optim.Adam(net.parameters(), lr=3e-4)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=20, gamma=0.5)
    first = completed_epochs(folder)
    for epoch in range(first, total):
        sched.step(epoch)
        for x, y in batches:
            opt.zero_grad()
            nn.functional.l1_loss(net(x), y).backward()
            opt.step()
        torch.save(net.state_dict(), os.path.join(folder, f"net_{epoch + 1}.pt"))
