# The project's own PolyLR (a torch LRScheduler subclass with a plain get_lr) is sized in iterations
# (epochs * len(loader)) but stepped once per epoch.
import torch
from torch.optim.lr_scheduler import _LRScheduler


class PolyLR(_LRScheduler):
    def __init__(self, optimizer, max_iters, power=0.9, last_epoch=-1, min_lr=1e-6):
        self.power = power
        self.max_iters = max_iters
        self.min_lr = min_lr
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        factor = (1 - self.last_epoch / self.max_iters) ** self.power
        return [max(base_lr * factor, self.min_lr) for base_lr in self.base_lrs]


def train(model, train_loader, criterion, epochs=80):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    scheduler = PolyLR(optimizer, max_iters=epochs * len(train_loader), power=0.9)
    for epoch in range(epochs):
        model.train()
        for images, masks in train_loader:
            loss = criterion(model(images), masks)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        scheduler.step()  # expect: LR002
