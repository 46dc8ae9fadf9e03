# Wrong: a hand-written warmup counted in epochs that lasts as long as (or longer than) the run: with
# warmup_epochs=10 in a 2-epoch run the LR never gets past a fifth of its peak and the cosine after it never runs;
# the second one (WARMUP = EPOCHS) reaches the peak only in the last epoch.
from types import SimpleNamespace

import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

config = SimpleNamespace(epochs=2, warmup_epochs=10, lr=3e-4)


def train(model, train_loader):
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.lr)
    scheduler = CosineAnnealingLR(optimizer, T_max=config.epochs)
    for epoch in range(config.epochs):
        if epoch < config.warmup_epochs:  # expect: LR017
            for g in optimizer.param_groups:
                g["lr"] = config.lr * (epoch + 1) / config.warmup_epochs
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        if epoch >= config.warmup_epochs:
            scheduler.step()


EPOCHS = 20
WARMUP = 20
BASE_LR = 0.1


def main(model, loader):
    opt = torch.optim.SGD(model.parameters(), lr=BASE_LR, momentum=0.9)
    for epoch in range(EPOCHS):
        if epoch < WARMUP:  # expect: LR017
            opt.param_groups[0]["lr"] = BASE_LR * (epoch + 1) / WARMUP
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
