# Right: the same nested per-batch step with a cosine sized in batches (T_max = len(loader) * epochs).
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


def train_one_epoch(model, loader, optimizer, scheduler):
    def one(x):
        optimizer.zero_grad()
        model(x).sum().backward()
        optimizer.step()
        scheduler.step()

    for x, y in loader:
        one(x)


def main(model, train_loader, epochs=90):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = CosineAnnealingLR(optimizer, T_max=len(train_loader) * epochs)
    for epoch in range(epochs):
        train_one_epoch(model, train_loader, optimizer, scheduler)
