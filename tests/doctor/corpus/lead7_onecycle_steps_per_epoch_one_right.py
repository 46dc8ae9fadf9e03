# Right: a one-cycle counted in epochs (steps_per_epoch=1) stepped once per epoch, by hand and by Lightning.
import lightning as L
import torch
from torch.optim.lr_scheduler import OneCycleLR


def fit(model, loader, epochs=40):
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    sched = OneCycleLR(opt, max_lr=1e-3, epochs=epochs, steps_per_epoch=1)
    for epoch in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            opt.step()
        sched.step()


class Decoder(L.LightningModule):
    def __init__(self, epochs=40):
        super().__init__()
        self.net = torch.nn.Linear(8, 8)
        self.epochs = epochs

    def configure_optimizers(self):
        opt = torch.optim.AdamW(self.parameters(), lr=1e-3)
        sched = OneCycleLR(opt, max_lr=1e-3, steps_per_epoch=1, epochs=self.epochs)
        return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "epoch"}}
