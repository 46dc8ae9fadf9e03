# Wrong: a learning rate passed where the schedule's length goes. In a Lightning module's
# configure_optimizers (T_max=self.hparams.lr, next to the optimizer's lr), and positionally in a plain
# loop (CosineAnnealingLR(optimizer, args.lr) meant T_max=args.epochs): the cosine's period is a fraction
# of one step, so the LR swings at every call.
import argparse

import lightning as L
import torch
from torch.optim import lr_scheduler


class Embedder(L.LightningModule):
    def __init__(self, lr=1e-3, epochs=40):
        super().__init__()
        self.save_hyperparameters()
        self.net = torch.nn.Linear(128, 64)

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.net.parameters(), lr=self.hparams.lr)
        scheduler = lr_scheduler.CosineAnnealingLR(optimizer, T_max=self.hparams.lr)  # expect: LR042
        return [optimizer], [scheduler]


def main(model, train_loader):
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--epochs", type=int, default=90)
    args = parser.parse_args()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    scheduler = lr_scheduler.StepLR(optimizer, 0.01)  # expect: LR042
    for epoch in range(args.epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()


def finetune(model, train_loader, epochs=3):
    # the warmup ratio passed where the warmup's number of steps goes: less than one step of warmup
    from transformers import get_linear_schedule_with_warmup
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    total = epochs * len(train_loader)
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=0.06, num_training_steps=total)  # expect: LR042
    for epoch in range(epochs):
        for batch in train_loader:
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
