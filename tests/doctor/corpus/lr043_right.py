# Right: a restart every epoch done as SGDR does it (T_0=1 stepped every batch with the fractional epoch),
# cycles that grow (T_mult=2: 1, 2, 4, 8 ... epochs), and a cycle of several epochs in Lightning.
import lightning as L
import torch
from torch.optim.lr_scheduler import CosineAnnealingWarmRestarts


def sgdr(model, train_loader, epochs=30):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scheduler = CosineAnnealingWarmRestarts(optimizer, T_0=1, eta_min=1e-5)
    iters = len(train_loader)
    for epoch in range(epochs):
        for i, (x, y) in enumerate(train_loader):
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step(epoch + i / iters)


def growing(model, train_loader, epochs=31):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scheduler = CosineAnnealingWarmRestarts(optimizer, T_0=1, T_mult=2)
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()


class Ranker(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Linear(32, 1)

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.mse_loss(self.net(x), y)

    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(self.parameters(), lr=3e-4)
        scheduler = {"scheduler": CosineAnnealingWarmRestarts(optimizer, 10), "interval": "epoch"}
        return [optimizer], [scheduler]
