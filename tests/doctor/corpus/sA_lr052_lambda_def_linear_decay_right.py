# The warm-up function done right (transformers' linear form): the decay starts at 1 where the warm-up ends.
# A warm-up followed by a step decay, and one followed by a cosine, hand over at the peak too.
import math

import torch
from torch.optim.lr_scheduler import LambdaLR


def train(model, train_loader, epochs=10, warmup_steps=500):
    total_steps = epochs * len(train_loader)

    def lr_lambda(current_step):
        if current_step < warmup_steps:
            return current_step / max(1, warmup_steps)
        return max(0.0, (total_steps - current_step) / max(1, total_steps - warmup_steps))

    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    scheduler = LambdaLR(optimizer, lr_lambda)
    for epoch in range(epochs):
        for batch in train_loader:
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()


def step_decay(model, train_loader, warmup_epochs=5, max_epochs=90):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    sched = LambdaLR(optimizer, lambda e: (e + 1) / warmup_epochs if e < warmup_epochs
                     else 0.1 ** ((e - warmup_epochs) // 30))
    for epoch in range(max_epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        sched.step()


def cosine(model, train_loader, warmup_epochs=5, max_epochs=90):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    sched = LambdaLR(optimizer, lambda e: (e + 1) / warmup_epochs if e < warmup_epochs
                     else 0.5 * (1 + math.cos(math.pi * (e - warmup_epochs) / (max_epochs - warmup_epochs))))
    for epoch in range(max_epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        sched.step()
