# YOLO-style lambda over epochs stepped once per epoch, a step warmup stepped per batch, and an exponential
# lambda whose body names no unit.
import torch


def train(model, train_loader, epochs, lrf=0.01):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.937)
    lf = lambda x: (1 - x / epochs) * (1.0 - lrf) + lrf  # noqa: E731
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=lf)
    for epoch in range(epochs):
        for imgs, targets in train_loader:
            optimizer.zero_grad()
            model(imgs, targets).backward()
            optimizer.step()
        scheduler.step()


def warmup(model, train_loader, epochs, warmup_steps=2000):
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / warmup_steps))
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            model(x, y).backward()
            optimizer.step()
            scheduler.step()


def exponential(model, train_loader, epochs):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda epoch: 0.95 ** epoch)
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            model(x, y).backward()
            optimizer.step()
        scheduler.step()
