# Wrong: the one-cycle length is the epochs times the batch size, as if an epoch held batch_size batches; stepped
# per batch ("interval": "step") the run ends part-way through the cycle (or OneCycleLR raises past its total).
import lightning.pytorch as pl
import torch
from torch.optim.lr_scheduler import OneCycleLR

BATCH_SIZE = 256


class LitResnet(pl.LightningModule):
    def __init__(self, lr=0.05):
        super().__init__()
        self.save_hyperparameters()
        self.model = make_resnet()

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.cross_entropy(self.model(x), y)

    def configure_optimizers(self):
        optimizer = torch.optim.SGD(self.parameters(), lr=self.hparams.lr, momentum=0.9)
        scheduler = OneCycleLR(
            optimizer,
            0.1,
            total_steps=self.trainer.max_epochs * BATCH_SIZE,  # expect: LR063
        )
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "interval": "step"}}
