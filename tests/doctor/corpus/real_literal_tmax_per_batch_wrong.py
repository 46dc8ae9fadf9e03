# CosineAnnealingLR(T_max=10), a bare number next to epochs = 15, stepped every batch: whatever its unit, the cosine
# is over within the first 10 batches and then climbs back up, period after period. A number within a factor of two
# of the epoch count is read as an epoch horizon consumed per batch (LR001, as T_max=epochs is; was LR013).
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

epochs = 15


def train(model, train_loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    scheduler = CosineAnnealingLR(optimizer, T_max=10)
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()  # expect: LR001
