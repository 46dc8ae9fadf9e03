# Right: a forwarding lambda calls a function of the file that returns a factor of the optimizer's LR.
import torch
from torch import nn, optim


def step_factor(epoch, drop_at):
    return 0.1 if epoch > drop_at else 1.0


def fit(net, loader, epochs=40):
    opt = optim.Adam(net.parameters(), lr=2e-3)
    sched = optim.lr_scheduler.LambdaLR(opt, lr_lambda=lambda epoch: step_factor(epoch, 30))
    for epoch in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            nn.functional.cross_entropy(net(x), y).backward()
            opt.step()
        sched.step()
