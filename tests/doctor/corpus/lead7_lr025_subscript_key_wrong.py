# configure_optimizers fills its dict key by key; the scheduler config goes under "lr_dict", a key Lightning does not
# read, so the plateau is never stepped and the LR never drops.
import lightning as L
import torch


class Regressor(L.LightningModule):
    def __init__(self, lr=1e-3, use_scheduler=True):
        super().__init__()
        self.net = torch.nn.Linear(8, 1)
        self.lr = lr
        self.use_scheduler = use_scheduler

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.mse_loss(self.net(x), y)

    def configure_optimizers(self):
        out = {"optimizer": torch.optim.Adam(self.parameters(), lr=self.lr)}
        if self.use_scheduler:
            scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(out["optimizer"], factor=0.5, patience=3)
            out["lr_dict"] = {  # expect: LR025
                "scheduler": scheduler,
                "monitor": "val_loss",
                "interval": "epoch",
            }
        return out
