# Right: iterative pruning. Each round builds a fresh optimizer and a MultiStepLR and trains that round in an
# inner loop of epochs (until the target accuracy or 150 epochs); the outer loop, although its variable is
# named `epoch`, counts rounds, so a new scheduler per round is a new training, not a restart of the one being
# stepped.
import torch

for epoch in range(1000):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[30, 60, 90], gamma=0.5)
    epochs_run = 0
    while evaluate(model) < 0.97 and epochs_run < 150:
        train_one_epoch(model, loader, optimizer)
        scheduler.step()
        epochs_run += 1
    if prune(model) >= 0.9:
        break


def train_one_epoch(model, loader, optimizer):
    for x, y in loader:
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()
