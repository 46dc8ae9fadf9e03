# Each batch holds two updates of one optimizer (a clean view, then an augmented one), and the per-epoch
# StepLR is stepped before each of them, in the pre-1.1 order: stepped twice per batch (LR016 at the second
# call), and the call that would remain still runs before the update (LR010 at the first).
import torch
from torch.optim.lr_scheduler import StepLR


def train(model, loader, augment, epochs=20):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    lr_sched = StepLR(optimizer, step_size=5, gamma=0.5)
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            lr_sched.step()  # expect: LR010
            optimizer.step()
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(augment(x)), y).backward()
            lr_sched.step()  # expect: LR016
            optimizer.step()
