# Wrong: the same helper, but the loop counts from `first = 1` (or from the saved state): the first epoch
# already trains at position 1, so every milestone comes one epoch early.
import torch
from torch import nn


def one_epoch(model, batches, optimizer, sched, epoch):
    sched.step(epoch)  # expect: LR010
    for x, y in batches:
        optimizer.zero_grad()
        nn.functional.l1_loss(model(x), y).backward()
        optimizer.step()


def fit(model, batches, state=None, total=90):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.2, momentum=0.9)
    sched = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[30, 60], gamma=0.1)
    first = 1
    if state is not None:
        optimizer.load_state_dict(state["optim"])
        first = state["next_epoch"]
    for epoch in range(first, total + 1):
        one_epoch(model, batches, optimizer, sched, epoch)
