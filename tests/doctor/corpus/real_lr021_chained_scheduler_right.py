# Two schedulers combined on purpose with ChainedScheduler (a constant warm factor times an exponential decay).
import torch
from torch.optim.lr_scheduler import ChainedScheduler, ConstantLR, ExponentialLR


def train(model, loader, epochs=50):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scheduler = ChainedScheduler([ConstantLR(optimizer, factor=0.1, total_iters=3),
                                  ExponentialLR(optimizer, gamma=0.95)])
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()
