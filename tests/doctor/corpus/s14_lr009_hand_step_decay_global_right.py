# A step decay written by hand at module level: every 30 epochs the global LR is recomputed from the base
# (BASE_LR * 0.1 ** (epoch // 30)) and the helper builds its optimizer from it. A schedule, not a constant LR.
import torch
from torch import nn

BASE_LR = 0.1
lr = BASE_LR
net = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 4))


def one_epoch(loader):
    optimizer = torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9)
    for x, y in loader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(net(x), y).backward()
        optimizer.step()


def run(loader):
    global lr
    for epoch in range(1, 121):
        one_epoch(loader)
        if epoch % 30 == 0:
            lr = BASE_LR * (0.1 ** (epoch // 30))
