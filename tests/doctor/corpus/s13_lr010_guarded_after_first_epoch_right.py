# The step at the top of the epoch is skipped on the first epoch (`if epoch > 0`), so each call comes
# after the previous epoch's optimizer steps: the same as stepping at the end of the epoch.
import torch
from torch.optim.lr_scheduler import StepLR


def train(model, train_loader, epochs=100):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = StepLR(optimizer, step_size=30, gamma=0.1)
    for epoch in range(epochs):
        if epoch > 0:
            scheduler.step()
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
