# Wrong: the name is rebound to its config dict, but the dict keeps the default per-epoch interval for a per-step schedule.
import lightning as L
import torch
from transformers import get_linear_schedule_with_warmup


class Finetune(L.LightningModule):
    def __init__(self, model, warmup_steps=100):
        super().__init__()
        self.model = model
        self.warmup_steps = warmup_steps

    def training_step(self, batch, batch_idx):
        return self.model(**batch).loss

    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(self.parameters(), lr=2e-5)
        scheduler = get_linear_schedule_with_warmup(
            optimizer, self.warmup_steps, self.trainer.estimated_stepping_batches)
        scheduler = {"scheduler": scheduler, "frequency": 1}  # expect: LR002
        return [optimizer], [scheduler]
