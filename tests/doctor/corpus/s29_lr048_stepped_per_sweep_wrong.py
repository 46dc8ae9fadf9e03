# Wrong: a sweep over the dropout rate trains a 40-epoch run per value, but the StepLR (10-epoch steps) is
# stepped after the epoch loop, once per value: no run sees the decay, and from the 11th value on every run
# starts at a tenth of the LR of the first ones.
import numpy as np
import torch


def sweep():
    net = build_net()
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.1)
    for rate in np.linspace(0.0, 0.5, 26):
        net.set_dropout(rate)
        for epoch in range(40):
            for xb, yb in loader:
                opt.zero_grad()
                criterion(net(xb), yb).backward()
                opt.step()
            print(epoch, evaluate(net))
        sched.step()  # expect: LR048


sweep()
