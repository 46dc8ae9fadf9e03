# Right: the epoch count is a cap for early stopping (the loop breaks after 20 epochs without a better validation
# loss), not the run's planned length: a step decay that is small by epoch 70 is what ends such a run, on purpose.
import torch
from torch import nn


def fit(net, train_loader, val_loader, epochs=1000, patience=20):
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.5)
    best, bad = float("inf"), 0
    for epoch in range(epochs):
        for x, y in train_loader:
            opt.zero_grad()
            nn.functional.mse_loss(net(x), y).backward()
            opt.step()
        sched.step()
        with torch.no_grad():
            val = sum(nn.functional.mse_loss(net(x), y).item() for x, y in val_loader)
        if val < best:
            best, bad = val, 0
        else:
            bad += 1
            if bad > patience:
                break
