# Right: the same `while True:` epochs around a pass over the loader, but the warm-up starts at
# (epoch + 1) / warmup_epochs, so the first epoch trains at a third of the LR, not at 0.
import math

import torch
from torch.utils.data import DataLoader

warmup_epochs, max_epoch = 3, 20
loader = DataLoader(dataset, batch_size=16, shuffle=True)


def schedule(epoch):
    if epoch < warmup_epochs:
        return (epoch + 1) / warmup_epochs
    return 0.5 * (math.cos((epoch - warmup_epochs) / (max_epoch - warmup_epochs) * math.pi) + 1)


def train(net, optimizer, scheduler):
    epoch = 1
    while True:
        for images, masks in loader:
            optimizer.zero_grad()
            net.loss(images, masks).backward()
            optimizer.step()
        if epoch > max_epoch:
            return
        epoch += 1
        scheduler.step()


net = Net()
optimizer = torch.optim.Adam(net.parameters(), lr=1e-4)
scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=schedule)
train(net, optimizer, scheduler)
