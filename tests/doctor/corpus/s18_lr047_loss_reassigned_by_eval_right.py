# `loss` is reused: after the training batches it is rebound to the whole validation loss an evaluation helper
# returns, and that is what the plateau is stepped with.
import torch
from torch import nn
from torch.optim.lr_scheduler import ReduceLROnPlateau


@torch.no_grad()
def evaluate(model, loader, criterion):
    model.eval()
    total, n = 0.0, 0
    for x, y in loader:
        total += criterion(model(x), y).item() * len(x)
        n += len(x)
    return total / n


model = nn.Linear(128, 10)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
scheduler = ReduceLROnPlateau(optimizer, factor=0.5, patience=5)
criterion = nn.CrossEntropyLoss()
for epoch in range(60):
    model.train()
    for x, y in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
    loss = evaluate(model, val_loader, criterion)
    scheduler.step(loss)
