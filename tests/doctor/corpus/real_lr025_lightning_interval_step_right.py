# pytorch_lightning: a per-step OneCycle sized by estimated_stepping_batches with "interval": "step" in the scheduler dict.
import pytorch_lightning as pl
import torch
from torch.optim.lr_scheduler import OneCycleLR


class SegModel(pl.LightningModule):
    def __init__(self, net, lr=1e-3):
        super().__init__()
        self.net = net
        self.lr = lr

    def training_step(self, batch, batch_idx):
        images, masks = batch
        loss = torch.nn.functional.cross_entropy(self.net(images), masks)
        self.log("loss", loss, prog_bar=True)
        return loss

    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(self.parameters(), lr=self.lr)
        scheduler = OneCycleLR(optimizer, max_lr=self.lr, total_steps=self.trainer.estimated_stepping_batches)
        return {
            "optimizer": optimizer,
            "lr_scheduler": {
                "scheduler": scheduler,
                "interval": "step",
                "frequency": 1,
            },
        }
