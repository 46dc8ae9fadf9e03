# Wrong: the module is handed the loader's length and sizes the cosine in batches (ten epochs of them), but
# returns it as a bare "lr_scheduler": Lightning steps it once per epoch, so it moves 1/len(loader) as fast as
# planned and the LR hardly decays.
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
        return {"optimizer": optimizer, "lr_scheduler": scheduler}  # expect: LR002
