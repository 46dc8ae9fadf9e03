# pytorch_lightning: a warmup schedule sized by estimated_stepping_batches (optimizer steps) returned as
# ([optimizer], [scheduler]) without "interval": "step": Lightning steps it once per epoch.
import pytorch_lightning as pl
import torch
from transformers import get_linear_schedule_with_warmup


class TextClassifier(pl.LightningModule):
    def __init__(self, model, lr=2e-5):
        super().__init__()
        self.model = model
        self.lr = lr

    def training_step(self, batch, batch_idx):
        loss = self.model(**batch).loss
        self.log("train/loss", loss)
        return loss

    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(self.parameters(), lr=self.lr)
        total = self.trainer.estimated_stepping_batches
        scheduler = get_linear_schedule_with_warmup(optimizer, int(0.1 * total), total)
        return [optimizer], [scheduler]  # expect: LR002
