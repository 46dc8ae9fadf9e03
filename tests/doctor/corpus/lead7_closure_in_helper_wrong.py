# A training helper that defines its per-batch step as a nested function: the nested def steps the scheduler the
# helper was given, so the epoch-sized cosine is stepped on every batch.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


def train_one_epoch(model, loader, optimizer, scheduler):
    def one(x):
        optimizer.zero_grad()
        model(x).sum().backward()
        optimizer.step()
        scheduler.step()  # expect: LR001

    for x, y in loader:
        one(x)


def main(model, train_loader, epochs=90):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = CosineAnnealingLR(optimizer, T_max=epochs)
    for epoch in range(epochs):
        train_one_epoch(model, train_loader, optimizer, scheduler)
