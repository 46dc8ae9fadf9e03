# A LightningModule returns SequentialLR([LambdaLR warm-up, cosine]) stepped per epoch. The warm-up function
# guards a run without warm-up and otherwise returns `epoch / warmup_epochs`: SequentialLR's constructor applies
# its first scheduler's step 0, so with any warm-up the first epoch trains at LR 0.
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
            return epoch / warmup_epochs if epoch < warmup_epochs else 1.0

        warmup = LambdaLR(optimizer, lr_lambda=warmup_fn)  # expect: LR044
        cosine = CosineAnnealingLR(optimizer, T_max=self.config["epochs"] - warmup_epochs, eta_min=1e-6)
        return {
            "optimizer": optimizer,
            "lr_scheduler": {
                "scheduler": SequentialLR(optimizer, [warmup, cosine], milestones=[warmup_epochs]),
                "interval": "epoch",
            },
        }
