# The same notebook with the flag switched on: the scheduler steps at the start of each epoch, before that epoch's
# optimizer steps (the pre-1.1 order: every decay comes one epoch early).
import torch
from torch import nn, optim

model = nn.Linear(16, 4)
optimizer = optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
use_scheduler = True
if use_scheduler:
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=50, gamma=0.1)
criterion = nn.CrossEntropyLoss()


def train(loader, epoch):
    model.train()
    if use_scheduler:
        scheduler.step()  # expect: LR010
    for x, y in loader:
        optimizer.zero_grad()
        criterion(model(x), y).backward()
        optimizer.step()


def run(loader, epochs=100):
    for epoch in range(epochs):
        train(loader, epoch)
