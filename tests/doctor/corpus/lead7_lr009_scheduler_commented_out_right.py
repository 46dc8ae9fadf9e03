# Right: a constant LR chosen on purpose: the scheduler is imported, its lines are commented out.
import torch
from torch import nn
from torch.optim.lr_scheduler import ExponentialLR

model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
# scheduler = ExponentialLR(optimizer, gamma=0.95)


def fit(loader, epochs=50):
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            # scheduler.step()
