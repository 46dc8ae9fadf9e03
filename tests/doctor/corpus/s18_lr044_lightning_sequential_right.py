# A LightningModule returns SequentialLR([LambdaLR warm-up, cosine]) stepped per epoch; the warm-up factor is
# `(epoch + 1) / (warmup_epochs + 1)`, so the first epoch already trains at a small, non-zero LR.
import lightning.pytorch as pl
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LambdaLR, SequentialLR


class Separator(pl.LightningModule):
    def __init__(self, model, config):
        super().__init__()
        self.model = model
        self.config = config

    def training_step(self, batch, batch_idx):
        mix, target = batch
        return torch.nn.functional.l1_loss(self.model(mix), target)

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.model.parameters(), lr=self.config["lr"])
        sch = self.config.get("scheduler", {})
        warmup_epochs = int(sch.get("warmup_epochs", 0))

        def warmup_fn(epoch):
            if warmup_epochs <= 0:
                return 1.0
            return (epoch + 1) / (warmup_epochs + 1) if epoch < warmup_epochs else 1.0

        warmup = LambdaLR(optimizer, lr_lambda=warmup_fn)
        cosine = CosineAnnealingLR(optimizer, T_max=self.config["epochs"] - warmup_epochs, eta_min=1e-6)
        return {
            "optimizer": optimizer,
            "lr_scheduler": {
                "scheduler": SequentialLR(optimizer, [warmup, cosine], milestones=[warmup_epochs]),
                "interval": "epoch",
            },
        }
