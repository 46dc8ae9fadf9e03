# Wrong: CosineAnnealingWarmRestarts(T_0=1) stepped with plain step() calls: each call ends the one-step cycle
# and restarts it, so the LR stays at its peak for the whole run. Once per epoch in a plain loop, and by
# Lightning (which calls step() once per epoch for "interval": "epoch").
import lightning as L
import torch
from torch.optim.lr_scheduler import CosineAnnealingWarmRestarts


def train(model, train_loader, epochs=30):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scheduler = CosineAnnealingWarmRestarts(optimizer, T_0=1, eta_min=1e-5)  # expect: LR043
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
        scheduler = {"scheduler": CosineAnnealingWarmRestarts(optimizer, 1), "interval": "epoch"}  # expect: LR043
        return [optimizer], [scheduler]
