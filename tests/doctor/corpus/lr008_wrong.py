# One-cycle over a very long run.
import torch
from torch.optim.lr_scheduler import OneCycleLR

EPOCHS = 200


def train(model, loader):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = OneCycleLR(opt, max_lr=0.4, epochs=EPOCHS, steps_per_epoch=len(loader))  # expect: LR008
    for epoch in range(EPOCHS):
        for x, y in loader:
            opt.step()
            sched.step()


def train2(model, loader):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    epochs = 150
    total = epochs * len(loader)
    sched = OneCycleLR(opt, 0.4, total_steps=epochs * len(loader))  # expect: LR008
    for epoch in range(epochs):
        for x, y in loader:
            opt.step()
            sched.step()
