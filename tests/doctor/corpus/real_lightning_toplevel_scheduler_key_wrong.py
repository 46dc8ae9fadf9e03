# configure_optimizers returns the scheduler under a top-level "scheduler" key: Lightning only reads "lr_scheduler",
# warns about the unknown key and never steps the scheduler (LR025 names the cause; no separate LR022 is expected).
import lightning as L
import torch
from transformers import get_cosine_schedule_with_warmup


class LitClassifier(L.LightningModule):
    def __init__(self, model, lr=3e-5, warmup_steps=500, total_steps=20000):
        super().__init__()
        self.model = model
        self.save_hyperparameters(ignore=["model"])

    def training_step(self, batch, batch_idx):
        loss = self.model(**batch).loss
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(self.parameters(), lr=self.hparams.lr, weight_decay=0.01)
        scheduler = get_cosine_schedule_with_warmup(
            optimizer, self.hparams.warmup_steps, self.hparams.total_steps)
        return {
            "optimizer": optimizer,
            "scheduler": scheduler,  # expect: LR025
        }
