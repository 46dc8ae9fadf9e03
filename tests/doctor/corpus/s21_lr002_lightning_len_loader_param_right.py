# Right: the cosine sized in batches is stepped every batch ("interval": "step").
import lightning.pytorch as pl
import torch


class Module(pl.LightningModule):
    def __init__(self, model, lr, len_train_dl):
        super().__init__()
        self.model = model
        self.lr = lr
        self.len_train_dl = len_train_dl

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.parameters(), lr=self.lr)
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=10 * self.len_train_dl)
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "interval": "step"}}
