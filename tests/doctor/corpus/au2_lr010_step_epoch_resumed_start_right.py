# Right: the epoch helper sets the schedule's position itself with `step(epoch)` before its updates; the loop
# counts from `first = 0`, rebound from the saved state on resume, so the position given is always the epoch
# about to run (torch computes that epoch's value; nothing is skipped).
import torch
from torch import nn


def one_epoch(model, batches, optimizer, sched, epoch):
    sched.step(epoch)
    for x, y in batches:
        optimizer.zero_grad()
        nn.functional.l1_loss(model(x), y).backward()
        optimizer.step()


def fit(model, batches, state=None, total=90):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.2, momentum=0.9)
    sched = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[30, 60], gamma=0.1)
    first = 0
    if state is not None:
        optimizer.load_state_dict(state["optim"])
        first = state["next_epoch"]
    for epoch in range(first, total):
        one_epoch(model, batches, optimizer, sched, epoch)
