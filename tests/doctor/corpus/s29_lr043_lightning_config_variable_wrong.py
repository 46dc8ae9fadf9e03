# Wrong: the warm-restart cosine (one-step cycles) is built in __init__ and handed to Lightning through a config
# dict held in a variable, with "interval": "step": each step() Lightning makes ends the cycle and restarts it at
# the peak, so the LR never moves.
import torch
from lightning import LightningModule
from torch.optim.lr_scheduler import CosineAnnealingWarmRestarts


class Regressor(LightningModule):
    def __init__(self, lr=0.05):
        super().__init__()
        self.body = torch.nn.Linear(16, 1)
        self.opt = torch.optim.SGD(self.body.parameters(), lr=lr, momentum=0.9)
        self.sched = CosineAnnealingWarmRestarts(self.opt, T_0=1)  # expect: LR043

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.mse_loss(self.body(x), y)

    def configure_optimizers(self):
        lr_cfg = {"scheduler": self.sched, "interval": "step", "frequency": 1}
        return {"optimizer": self.opt, "lr_scheduler": lr_cfg}
