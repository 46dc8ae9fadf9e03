# Leave-one-subject-out training: for each subject and each k-fold split a new model, optimizer and warm-restart
# cosine are built and handed to `fit()`, which steps the scheduler once per epoch. The subject and fold loops
# start a new scheduler on every pass; within one run it is stepped per epoch with T_0=1, T_mult=1, so every call
# restarts the cycle and the LR never leaves its peak.
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


def main():
    kf = KFold(n_splits=4, shuffle=True, random_state=0)
    for subject in range(1, 17):
        x = torch.randn(120, 8)
        y = torch.randint(0, 3, (120,))
        for fold, (tr, te) in enumerate(kf.split(np.arange(120)), start=1):
            loader = DataLoader(TensorDataset(x[tr], y[tr]), batch_size=16, shuffle=True)
            model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 3))
            optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
            scheduler = CosineAnnealingWarmRestarts(optimizer, T_0=1, T_mult=1)  # expect: LR043
            fit(model, loader, optimizer, scheduler)


if __name__ == "__main__":
    main()
