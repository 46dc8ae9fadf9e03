# CosineAnnealingWarmRestarts sized in epochs and stepped every batch with a fractional epoch, step(epoch + i / iters),
# as the PyTorch documentation shows: the position is given, not counted, so per-batch calls are right.
import torch
from torch.optim.lr_scheduler import CosineAnnealingWarmRestarts


def train(model, train_loader, criterion, epochs=60):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    scheduler = CosineAnnealingWarmRestarts(optimizer, T_0=10, T_mult=2, eta_min=1e-5)
    iters = len(train_loader)
    for epoch in range(epochs):
        for i, (inputs, labels) in enumerate(train_loader):
            optimizer.zero_grad()
            loss = criterion(model(inputs), labels)
            loss.backward()
            optimizer.step()
            scheduler.step(epoch + i / iters)
