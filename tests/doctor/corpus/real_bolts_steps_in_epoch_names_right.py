# Lightning Bolts' LinearWarmupCosineAnnealingLR names its lengths warmup_epochs/max_epochs, but with
# "interval": "step" projects pass step counts there (warmup 1000, length 100000): the names are no unit.
import lightning as L
import torch
from pl_bolts.optimizers.lr_scheduler import LinearWarmupCosineAnnealingLR


class Forecast(L.LightningModule):
    def __init__(self, lr=5e-4, warmup_epochs=1000, max_epochs=100000):
        super().__init__()
        self.save_hyperparameters()

    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(self.parameters(), lr=self.hparams.lr)
        scheduler = LinearWarmupCosineAnnealingLR(optimizer, self.hparams.warmup_epochs, self.hparams.max_epochs)
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "interval": "step"}}
