# The per-subject, per-fold runs of s23_lr043_per_fold_wrong.py written right: one warm-restart cosine restarts
# every 10 epochs, then 20 (T_0=10, T_mult=2); the other keeps T_0=1 but is stepped every batch with SGDR's
# fractional epoch, `step(epoch + i / len(loader))`, so each epoch is one cosine cycle.
import numpy as np
import torch
from sklearn.model_selection import KFold
from torch import nn
from torch.optim.lr_scheduler import CosineAnnealingWarmRestarts
from torch.utils.data import DataLoader, TensorDataset


def fit(model, loader, optimizer, scheduler, epochs=50):
    for epoch in range(epochs):
        model.train()
        for x, y in loader:
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()
    return model


def fit_sgdr(model, loader, optimizer, scheduler, epochs=50):
    for epoch in range(epochs):
        for i, (x, y) in enumerate(loader):
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step(epoch + i / len(loader))
    return model


def main():
    kf = KFold(n_splits=4, shuffle=True, random_state=0)
    for subject in range(1, 17):
        x = torch.randn(120, 8)
        y = torch.randint(0, 3, (120,))
        for fold, (tr, te) in enumerate(kf.split(np.arange(120)), start=1):
            loader = DataLoader(TensorDataset(x[tr], y[tr]), batch_size=16, shuffle=True)
            model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 3))
            optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
            scheduler = CosineAnnealingWarmRestarts(optimizer, T_0=10, T_mult=2)
            fit(model, loader, optimizer, scheduler)
            optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
            sgdr = CosineAnnealingWarmRestarts(optimizer, T_0=1, T_mult=1)
            fit_sgdr(model, loader, optimizer, sgdr)


if __name__ == "__main__":
    main()
