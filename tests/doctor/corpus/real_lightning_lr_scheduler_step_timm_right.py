# timm scheduler in Lightning: lr_scheduler_step is overridden to pass the epoch, as timm's step(epoch) expects.
import lightning as L
import torch
from timm.scheduler import CosineLRScheduler


class LitViT(L.LightningModule):
    def __init__(self, model, lr=5e-4, epochs=100):
        super().__init__()
        self.model = model
        self.lr = lr
        self.epochs = epochs

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.cross_entropy(self.model(x), y)

    def lr_scheduler_step(self, scheduler, metric):
        scheduler.step(epoch=self.current_epoch)

    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(self.parameters(), lr=self.lr, weight_decay=0.05)
        scheduler = CosineLRScheduler(optimizer, t_initial=self.epochs, warmup_t=5, warmup_lr_init=1e-6)
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "interval": "epoch"}}
