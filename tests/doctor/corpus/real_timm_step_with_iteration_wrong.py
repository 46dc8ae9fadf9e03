# timm CosineLRScheduler sized in epochs (t_initial=epochs, t_in_epochs=True by default) but step() is given the
# global iteration inside the batch loop: the schedule reads it as an epoch and ends after `epochs` batches.
import torch
from timm.scheduler import CosineLRScheduler


def train(model, loader, loss_fn, epochs=100):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
    scheduler = CosineLRScheduler(optimizer, t_initial=epochs, lr_min=1e-6, warmup_t=5, warmup_lr_init=1e-6)
    for epoch in range(epochs):
        for i, (x, y) in enumerate(loader):
            loss = loss_fn(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step(epoch * len(loader) + i)  # expect: LR001
