# Right: a notebook whose scheduler is switched off by a flag set once at the top (`use_scheduler = False`): the
# epoch-start step under the same flag never runs, so the pre-1.1 order it would have does not matter.
import torch
from torch import nn, optim

model = nn.Linear(16, 4)
optimizer = optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
use_scheduler = False
if use_scheduler:
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=50, gamma=0.1)
criterion = nn.CrossEntropyLoss()


def train(loader, epoch):
    model.train()
    if use_scheduler:
        scheduler.step()
    for x, y in loader:
        optimizer.zero_grad()
        criterion(model(x), y).backward()
        optimizer.step()


def run(loader, epochs=100):
    for epoch in range(epochs):
        train(loader, epoch)
