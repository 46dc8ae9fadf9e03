# pytorch_lightning scheduler dict with "interval": "batch": Lightning accepts only "step" or "epoch" (it raises).
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
                "interval": "batch",  # expect: LR025
            },
        }
