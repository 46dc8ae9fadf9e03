# "scheduler" is the right key inside a scheduler dict: the ([opt], [{"scheduler": ...}]) and list-of-dicts forms.
import lightning as L
import torch
from transformers import get_cosine_schedule_with_warmup


class LitLM(L.LightningModule):
    def __init__(self, model, lr=3e-4, warmup_steps=2000):
        super().__init__()
        self.model = model
        self.save_hyperparameters(ignore=["model"])

    def training_step(self, batch, batch_idx):
        return self.model(**batch).loss

    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(self.parameters(), lr=self.hparams.lr, betas=(0.9, 0.95))
        scheduler = get_cosine_schedule_with_warmup(
            optimizer, self.hparams.warmup_steps, self.trainer.estimated_stepping_batches)
        return [optimizer], [{"scheduler": scheduler, "interval": "step", "name": "lr"}]


class LitLMDicts(LitLM):
    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(self.parameters(), lr=self.hparams.lr)
        scheduler = get_cosine_schedule_with_warmup(
            optimizer, self.hparams.warmup_steps, self.trainer.estimated_stepping_batches)
        return [{"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "interval": "step"}}]
