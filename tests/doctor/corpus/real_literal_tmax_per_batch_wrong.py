# CosineAnnealingLR(T_max=10), a bare number next to epochs = 15, stepped every batch: whatever its unit, the cosine
# is over within the first 10 batches and then climbs back up, period after period.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

epochs = 15


def train(model, train_loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    scheduler = CosineAnnealingLR(optimizer, T_max=10)  # expect: LR013
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
