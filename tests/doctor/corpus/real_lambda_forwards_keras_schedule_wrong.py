# Wrong: a Keras-style schedule (epoch, lr) -> lr is reused through a forwarding lambda with a literal base LR:
# it returns an LR, which LambdaLR multiplies with the optimizer's own LR (Adam's default 1e-3).
import torch
from torch import nn, optim


def step_decay(epoch, lr):
    if epoch > 30:
        lr *= 0.1
    return lr


def fit(net, loader, epochs=40):
    opt = optim.Adam(net.parameters())
    sched = optim.lr_scheduler.LambdaLR(opt, lr_lambda=lambda epoch: step_decay(epoch, 0.2))  # expect: LR039
    for epoch in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            nn.functional.cross_entropy(net(x), y).backward()
            opt.step()
        sched.step()
