# Automatic optimization with a plain `opt.step()` in training_step before the scheduler's step: the update has
# read the LR already, so the order is not the pre-1.1 one. Lightning steps the "step"-interval scheduler too.
import pytorch_lightning as pl
import torch


class Regressor(pl.LightningModule):
    def __init__(self, lr=1e-3):
        super().__init__()
        self.lin = torch.nn.Linear(3, 1)
        self.lr = lr

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.lin(x), y)
        optimizer = self.optimizers()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        self.lr_schedulers().step()  # expect: LR016
        return loss

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.parameters(), lr=self.lr)
        warm = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=500)
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": warm, "interval": "step"}}
