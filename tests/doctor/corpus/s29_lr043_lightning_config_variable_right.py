# Right: the same config dict held in a variable, with warm restarts every 500 steps (and a second module whose
# one-step first cycle doubles each time: 1, 2, 4, ... steps, so the LR does move).
import torch
from lightning import LightningModule
from torch.optim.lr_scheduler import CosineAnnealingWarmRestarts


class Regressor(LightningModule):
    def __init__(self, lr=0.05):
        super().__init__()
        self.body = torch.nn.Linear(16, 1)
        self.opt = torch.optim.SGD(self.body.parameters(), lr=lr, momentum=0.9)
        self.sched = CosineAnnealingWarmRestarts(self.opt, T_0=500)

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.mse_loss(self.body(x), y)

    def configure_optimizers(self):
        lr_cfg = {"scheduler": self.sched, "interval": "step", "frequency": 1}
        return {"optimizer": self.opt, "lr_scheduler": lr_cfg}


class Growing(LightningModule):
    def __init__(self, lr=0.05):
        super().__init__()
        self.body = torch.nn.Linear(16, 1)

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.mse_loss(self.body(x), y)

    def configure_optimizers(self):
        opt = torch.optim.SGD(self.body.parameters(), lr=0.05)
        cfg = {"scheduler": CosineAnnealingWarmRestarts(opt, T_0=1, T_mult=2), "interval": "step"}
        return [opt], [cfg]
