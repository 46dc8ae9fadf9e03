# configure_optimizers picks the scheduler by name; some arms build a config dict with the right "interval"
# (CyclicLR per step, ExponentialLR per epoch) and return it, each arm with its own return.
import lightning as L
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, CyclicLR, ExponentialLR


class Detector(L.LightningModule):
    def configure_optimizers(self):
        optimizer = torch.optim.SGD(self.parameters(), lr=self.hparams.lr, momentum=0.9)
        if self.hparams.scheduler == "CyclicLR":
            scheduler = {"scheduler": CyclicLR(optimizer, base_lr=1e-5, max_lr=1e-3, step_size_up=1000),
                         "interval": "step"}
            return [optimizer], [scheduler]
        elif self.hparams.scheduler == "ExponentialLR":
            scheduler = {"scheduler": ExponentialLR(optimizer, gamma=0.99), "interval": "epoch"}
            return [optimizer], [scheduler]
        scheduler = CosineAnnealingLR(optimizer, T_max=self.trainer.max_epochs)
        return [optimizer], [scheduler]
