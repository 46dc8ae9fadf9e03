# The accuracy is negated so that lower is better, with the plateau's default mode="min": consistent.
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


def train(model, train_loader, val_loader, run_epoch, accuracy, epochs=100):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)
    scheduler = ReduceLROnPlateau(optimizer, factor=0.5, patience=10)
    best = 0.0
    for epoch in range(epochs):
        run_epoch(model, train_loader, optimizer)
        acc = accuracy(model, val_loader)
        best = max(best, acc)
        scheduler.step(-acc)
