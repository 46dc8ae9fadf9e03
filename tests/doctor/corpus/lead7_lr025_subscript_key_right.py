# Right: the dict filled key by key with the scheduler config under "lr_scheduler", and "monitor" beside it.
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
            out["lr_scheduler"] = {"scheduler": scheduler, "interval": "epoch"}
            out["monitor"] = "val_loss"
            out["extra_note"] = "plateau on val_loss"
        return out
