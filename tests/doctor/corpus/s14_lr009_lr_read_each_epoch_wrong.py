# An LR variable assigned inside the epoch loop, but from the config only (it never depends on the epoch): the
# optimizer built from it in the helper runs 100 epochs at one LR. Not a hand-written schedule.
import torch
from torch import nn

CONFIG = {"lr": 0.01, "epochs": 100}
model = nn.Linear(20, 2)


def train_epoch(loader, lr):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)  # expect: LR009
    for x, y in loader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()


def main(loader):
    for epoch in range(100):
        lr = CONFIG["lr"]
        train_epoch(loader, lr)
        print(f"epoch {epoch} lr {lr}")
