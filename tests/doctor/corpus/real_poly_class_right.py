# The project's own poly scheduler (a plain class writing param_group["lr"]) sized in iterations, stepped per batch.
import torch


class PolyScheduler:
    def __init__(self, optimizer, base_lr, total_iters, power=0.9):
        self.optimizer = optimizer
        self.base_lr = base_lr
        self.total_iters = total_iters
        self.power = power
        self.iter = 0

    def step(self):
        self.iter += 1
        lr = self.base_lr * (1 - self.iter / self.total_iters) ** self.power
        for group in self.optimizer.param_groups:
            group["lr"] = lr


def train(model, train_loader, criterion, epochs=80, base_lr=0.01):
    optimizer = torch.optim.SGD(model.parameters(), lr=base_lr, momentum=0.9, weight_decay=1e-4)
    scheduler = PolyScheduler(optimizer, base_lr, total_iters=epochs * len(train_loader))
    for epoch in range(epochs):
        model.train()
        for images, masks in train_loader:
            loss = criterion(model(images), masks)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
