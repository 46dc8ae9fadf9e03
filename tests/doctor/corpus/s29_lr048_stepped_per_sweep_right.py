# Right: a schedule stepped once per pass of a loop of rounds on purpose (sized in rounds: a 2-round step over a
# 3-epoch local training), and a sweep whose StepLR is stepped inside the epoch loop.
import numpy as np
import torch


def rounds():
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=20, gamma=0.5)
    for r in clients_rounds:
        for epoch in range(3):
            for xb, yb in loader:
                opt.zero_grad()
                criterion(net(xb), yb).backward()
                opt.step()
        sched.step()


def sweep():
    for rate in np.linspace(0.0, 0.5, 26):
        opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
        sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.1)
        for epoch in range(40):
            for xb, yb in loader:
                opt.zero_grad()
                criterion(net(xb), yb).backward()
                opt.step()
            sched.step()


rounds()
sweep()
