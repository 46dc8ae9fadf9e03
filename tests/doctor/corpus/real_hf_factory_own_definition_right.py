# Right: the project defines its own function with transformers' factory name, counted in epochs and stepped
# once per epoch; its own definition is read, not transformers' signature.
import math

import torch
from torch.optim.lr_scheduler import LambdaLR


def get_cosine_schedule_with_warmup(optimizer, warmup_epochs, total_epochs):
    def factor(epoch):
        if epoch < warmup_epochs:
            return (epoch + 1) / warmup_epochs
        return 0.5 * (1 + math.cos(math.pi * (epoch - warmup_epochs) / (total_epochs - warmup_epochs)))
    return LambdaLR(optimizer, factor)


def main(model, train_loader, epochs=100):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = get_cosine_schedule_with_warmup(optimizer, 5, epochs)
    for epoch in range(epochs):
        for x, y in train_loader:
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            optimizer.zero_grad()
        scheduler.step()
