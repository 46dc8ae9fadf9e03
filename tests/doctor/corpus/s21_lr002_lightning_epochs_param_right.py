# Right: a module handed the loader's length for logging only; its cosine is sized in epochs and Lightning steps
# it once per epoch, as the bare "lr_scheduler" does.
import lightning.pytorch as pl
import torch


class Module(pl.LightningModule):
    def __init__(self, model, lr, len_train_dl, max_epochs=30):
        super().__init__()
        self.model = model
        self.lr = lr
        self.len_train_dl = len_train_dl
        self.max_epochs = max_epochs

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = torch.nn.functional.cross_entropy(self.model(x), y)
        self.log("progress", batch_idx / self.len_train_dl)
        return loss

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.parameters(), lr=self.lr)
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=self.max_epochs)
        return {"optimizer": optimizer, "lr_scheduler": scheduler}
