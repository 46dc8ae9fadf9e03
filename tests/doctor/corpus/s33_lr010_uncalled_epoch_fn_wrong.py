# Wrong: a training module that a separate main script imports. Its per-epoch function steps the scheduler it is
# given as its first statement, before the batch loop's optimizer steps (the pre-1.1 order): the schedule's first
# value is skipped and every decay comes one epoch early. The file never calls the function itself.
import torch
from torch import nn, optim


def build(lr):
    net = nn.Linear(16, 4)
    opt = optim.SGD(net.parameters(), lr=lr, momentum=0.9)
    sched = optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.1)
    return net, sched, opt


def fit_epoch(net, sched, opt, batches):
    sched.step()  # expect: LR010
    net.train()
    total = 0.0
    for x, y in batches:
        opt.zero_grad()
        loss = nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        total += loss.item()
    return total / max(len(batches), 1)
