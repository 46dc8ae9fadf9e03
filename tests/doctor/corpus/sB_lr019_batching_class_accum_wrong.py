# The project's own loader class hands out batches of batch_size (its __len__ counts them); the OneCycleLR is
# sized with len(train_dataset) batches per epoch, but it is stepped once per update of 8 batches: it runs
# only 1/8 of its cycle. (The variable is named like a dataset; the class it holds batches.)
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


def main():
    accumulation_steps = 8
    num_epochs = 20
    train_dataset = ShardBatches([(torch.randn(12), torch.randn(1)) for _ in range(5000)], batch_size=16)
    model = torch.nn.Linear(12, 1)
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    scheduler = OneCycleLR(optimizer, max_lr=5e-5, epochs=num_epochs,  # expect: LR019
                           steps_per_epoch=len(train_dataset))
    for epoch in range(num_epochs):
        for i, (x, y) in enumerate(train_dataset):
            loss = torch.nn.functional.mse_loss(model(x), y) / accumulation_steps
            loss.backward()
            if (i + 1) % accumulation_steps == 0:
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()


if __name__ == "__main__":
    main()
