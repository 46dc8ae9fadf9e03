# The epoch loop runs range(start_epoch, start_epoch + 100) (its bound says nothing of its unit, its start does); a
# per-step Noam warmup is stepped at the start of each epoch and after every batch.
import torch
from torch.optim.lr_scheduler import LambdaLR


def noam(step, d_model=512, warmup=10000):
    step += 1
    return d_model ** -0.5 * min(step ** -0.5, step * warmup ** -1.5)


def train(model, dataloader, start_epoch=0):
    optim = torch.optim.Adam(model.parameters(), lr=1, betas=(0.9, 0.98))
    scheduler = LambdaLR(optim, noam)
    for e in range(start_epoch, start_epoch + 100):
        scheduler.step()
        for it, (x, y) in enumerate(dataloader):
            optim.zero_grad()
            model(x, y).backward()
            optim.step()
            scheduler.step()  # expect: LR016
