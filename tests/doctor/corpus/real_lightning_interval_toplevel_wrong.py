# "interval" written at the top level of the returned dict instead of inside the "lr_scheduler" dict: Lightning
# warns about the unknown key and steps the warmup schedule once per epoch instead of per step.
import lightning.pytorch as pl
import torch
from transformers.optimization import get_linear_schedule_with_warmup


class Summarizer(pl.LightningModule):
    def __init__(self, model, lr=5e-5, warmup=1000, total=100000):
        super().__init__()
        self.model = model
        self.save_hyperparameters(ignore=["model"])

    def training_step(self, batch, batch_idx):
        return self.model(**batch).loss

    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(self.model.parameters(), lr=self.hparams.lr)
        scheduler = get_linear_schedule_with_warmup(optimizer, self.hparams.warmup, self.hparams.total)
        return {
            "optimizer": optimizer,
            "lr_scheduler": scheduler,
            "interval": "step",  # expect: LR025
        }
