# The decay starts after the warm-up epochs: with epochs counted from 0 and `epoch >= warmup` false on
# the first epoch, its first step comes after optimizer steps (the warm-up epochs trained first), and
# the step at the end of the epoch keeps the torch order.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

warmup = 5
epochs = 120


def fit(model, loader):
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4)
    cosine = CosineAnnealingLR(opt, T_max=epochs - warmup)
    for epoch in range(epochs):
        if epoch > 0 and epoch >= warmup:
            cosine.step()
        for batch, target in loader:
            opt.zero_grad()
            torch.nn.functional.mse_loss(model(batch), target).backward()
            opt.step()
