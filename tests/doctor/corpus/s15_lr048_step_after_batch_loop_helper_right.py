# A per-epoch helper steps the scheduler after its batch loop: called once per epoch (by code this file does not
# show), that is one step an epoch, as an ExponentialLR means.
import torch


def train_epoch(model, loader, optimizer, scheduler):
    model.train()
    for inputs, targets in loader:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(inputs), targets).backward()
        optimizer.step()
    scheduler.step()
    return model
