# lr_scheduler_step overridden to call step(epoch=self.current_epoch) for every scheduler, including a per-step
# OneCycle: each call sets the OneCycle position to the epoch index, so it advances once per epoch.
import lightning as L
import torch
from torch.optim.lr_scheduler import OneCycleLR


class BaseMethod(L.LightningModule):
    def __init__(self, model, lr=1e-3):
        super().__init__()
        self.model = model
        self.lr = lr

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.mse_loss(self.model(x), y)

    def lr_scheduler_step(self, scheduler, metric):
        scheduler.step(epoch=self.current_epoch)  # expect: LR002

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.parameters(), lr=self.lr)
        scheduler = OneCycleLR(optimizer, max_lr=self.lr, total_steps=self.trainer.estimated_stepping_batches)
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "interval": "step"}}
