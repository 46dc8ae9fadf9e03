# StepLR(step_size=30, gamma=0.1) in a 100-epoch loop, stepped every batch: meant as "every 30 epochs", it divides
# the LR by 10 every 30 batches.
import torch
from torch.optim.lr_scheduler import StepLR


def train(model, loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    scheduler = StepLR(optimizer, step_size=30, gamma=0.1)
    for epoch in range(100):
        for inputs, targets in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(inputs), targets).backward()
            optimizer.step()
            scheduler.step()  # expect: LR001
