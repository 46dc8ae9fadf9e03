# Two call sites of one scheduler, in the two arms of an accumulation test, each after the optimizer's step:
# one call per update, in the right order.
import torch
from torch.optim.lr_scheduler import OneCycleLR


def train(model, loader, epochs, accum_steps):
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-4)
    sched = OneCycleLR(optimizer, max_lr=2e-4, total_steps=epochs * len(loader) // accum_steps)
    for epoch in range(epochs):
        for i, (x, y) in enumerate(loader):
            loss = torch.nn.functional.cross_entropy(model(x), y) / accum_steps
            loss.backward()
            if accum_steps == 1:
                optimizer.step()
                optimizer.zero_grad()
                sched.step()
            elif (i + 1) % accum_steps == 0:
                optimizer.step()
                optimizer.zero_grad()
                sched.step()
