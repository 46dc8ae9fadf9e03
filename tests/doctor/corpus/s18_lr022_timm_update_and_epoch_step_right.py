# Right: timm's own train-script pattern: an epoch-counted cosine with step_update after every update (a no-op
# for it) and step(epoch + 1) after every epoch, which sets the LR.
import torch
from timm.scheduler import CosineLRScheduler


def train_one_epoch(model, loader, optimizer, epoch):
    for x, y in loader:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()


def main(model, loader, epochs=300):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    lr_scheduler = CosineLRScheduler(optimizer, t_initial=epochs, warmup_t=5, warmup_lr_init=1e-6)
    num_updates = 0
    for epoch in range(epochs):
        train_one_epoch(model, loader, optimizer, epoch)
        num_updates += len(loader)
        lr_scheduler.step_update(num_updates=num_updates)
        lr_scheduler.step(epoch + 1)
