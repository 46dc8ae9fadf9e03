# Right: learning rates go to the arguments that take one (the optimizer's lr, eta_min, OneCycle's max_lr,
# CyclicLR's base_lr/max_lr) and lengths to the length arguments.
import argparse

import lightning as L
import torch
from torch.optim import lr_scheduler


class Embedder(L.LightningModule):
    def __init__(self, lr=1e-3, min_lr=1e-6, epochs=40):
        super().__init__()
        self.save_hyperparameters()
        self.net = torch.nn.Linear(128, 64)

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.net.parameters(), lr=self.hparams.lr)
        scheduler = lr_scheduler.CosineAnnealingLR(optimizer, T_max=self.hparams.epochs, eta_min=self.hparams.min_lr)
        return [optimizer], [scheduler]


def main(model, train_loader):
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--epochs", type=int, default=90)
    args = parser.parse_args()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    scheduler = lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, epochs=args.epochs,
                                        steps_per_epoch=len(train_loader), pct_start=0.05)
    for epoch in range(args.epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()


def cyclic(model, train_loader, lr=0.01, epochs=30):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    scheduler = lr_scheduler.CyclicLR(optimizer, base_lr=lr / 10, max_lr=lr, step_size_up=4 * len(train_loader))
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()


def finetune(model, train_loader, epochs=3, warmup_ratio=0.06):
    from transformers import get_linear_schedule_with_warmup
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    total = epochs * len(train_loader)
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=int(warmup_ratio * total),
                                                num_training_steps=total)
    for epoch in range(epochs):
        for batch in train_loader:
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
