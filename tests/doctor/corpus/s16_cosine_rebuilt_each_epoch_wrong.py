# A "restart" written by building a new CosineAnnealingLR at the top of every epoch, one epoch long. torch keeps the
# first initial_lr and the new cosine continues from the optimizer's current LR, which the previous epoch left at
# eta_min: from the second epoch on the run trains at eta_min (LR022).
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


def fit(model, loader, epochs=25):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    for epoch in range(epochs):
        scheduler = CosineAnnealingLR(optimizer, T_max=len(loader), eta_min=1e-5)  # expect: LR022
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
