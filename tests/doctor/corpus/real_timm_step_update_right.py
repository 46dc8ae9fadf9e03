# timm CosineLRScheduler sized in updates (t_in_epochs=False) and advanced with step_update(num_updates) per batch.
import torch
from timm.scheduler import CosineLRScheduler


def train(model, loader, loss_fn, epochs=100):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
    total = epochs * len(loader)
    scheduler = CosineLRScheduler(optimizer, t_initial=total, lr_min=1e-6, warmup_t=5 * len(loader),
                                  warmup_lr_init=1e-6, t_in_epochs=False)
    for epoch in range(epochs):
        for i, (x, y) in enumerate(loader):
            loss = loss_fn(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step_update(epoch * len(loader) + i + 1)
