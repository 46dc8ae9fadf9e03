# The warm-up and the decay combined under the decay's name and handed to a helper that steps it after each
# epoch's batches; the f-string only shows it.
import torch
from torch import nn, optim


def train_epoch(model, loader, optimizer, scheduler):
    for x, y in loader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    scheduler.step()


model = nn.Linear(32, 4)
EPOCHS, WARMUP = 60, 3
optimizer = optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
warmup = optim.lr_scheduler.LinearLR(optimizer, start_factor=0.01, total_iters=WARMUP)
scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=EPOCHS - WARMUP)
scheduler = optim.lr_scheduler.SequentialLR(optimizer, [warmup, scheduler], milestones=[WARMUP])
print(f"using {scheduler}")

for epoch in range(EPOCHS):
    train_epoch(model, train_loader, optimizer, scheduler)
