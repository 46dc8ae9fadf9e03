# The project's own loader class hands out batches of batch_size and len() counts them: OneCycleLR's
# steps_per_epoch=len(train_dataset) is one step per batch, as it is stepped. (Named like a dataset, a loader.)
import random

import torch
from torch.optim.lr_scheduler import OneCycleLR


class ShardBatches:
    def __init__(self, tensors, batch_size):
        self.tensors = tensors
        self.batch_size = batch_size

    def __len__(self):
        return (len(self.tensors) + self.batch_size - 1) // self.batch_size

    def __iter__(self):
        order = list(range(len(self.tensors)))
        random.shuffle(order)
        for i in range(0, len(order), self.batch_size):
            rows = [self.tensors[j] for j in order[i:i + self.batch_size]]
            yield torch.stack([r[0] for r in rows]), torch.stack([r[1] for r in rows])


def fit(model, train_loader, optimizer, scheduler, num_epochs):
    for epoch in range(num_epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
            scheduler.step()


def main():
    num_epochs = 20
    train_dataset = ShardBatches([(torch.randn(12), torch.randn(1)) for _ in range(5000)], batch_size=16)
    model = torch.nn.Linear(12, 1)
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    scheduler = OneCycleLR(optimizer, max_lr=5e-5, epochs=num_epochs, steps_per_epoch=len(train_dataset))
    fit(model, train_dataset, optimizer, scheduler, num_epochs)


if __name__ == "__main__":
    main()
