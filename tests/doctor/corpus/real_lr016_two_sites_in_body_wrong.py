# Two unconditional scheduler.step() calls in one batch body (one after the update, one left after the logging).
import torch
import wandb
from torch.optim.lr_scheduler import CosineAnnealingLR


def train(model, loader, epochs=10):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    scheduler = CosineAnnealingLR(optimizer, T_max=epochs * len(loader))
    for epoch in range(epochs):
        for step, (x, y) in enumerate(loader):
            loss = torch.nn.functional.cross_entropy(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            if step % 50 == 0:
                wandb.log({"loss": loss.item(), "lr": scheduler.get_last_lr()[0]})
            scheduler.step()  # expect: LR016
