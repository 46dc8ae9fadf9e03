# The scheduler is passed to a per-epoch training function that steps it every batch.
import torch.nn.functional as F
import torch.optim.lr_scheduler as lrs
from torch import nn, optim


def train_one_epoch(model, loader, optimizer, scheduler):
    model.train()
    for x, y in loader:
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()
        scheduler.step()  # expect: LR001


def main(train_dl, num_epochs=90):
    model = nn.Linear(10, 3)
    opt = optim.SGD(model.parameters(), lr=0.1)
    sched = lrs.MultiStepLR(opt, milestones=[30, 60], gamma=0.1)
    sched2 = lrs.CosineAnnealingLR(opt, num_epochs)
    for epoch in range(num_epochs):
        train_one_epoch(model, train_dl, opt, sched)
    for epoch in range(num_epochs):
        train_one_epoch(model, train_dl, opt, sched2)
