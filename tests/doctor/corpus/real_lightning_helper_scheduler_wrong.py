# A Lightning module (automatic optimization) returns a scheduler built by an imported helper and also steps it by
# hand in training_step: Lightning steps it too, so it runs twice per step. It is also stepped before
# the optimizer: Lightning steps the optimizer after training_step returns.
import lightning as L
import torch
from mylib.schedulers import linear_warmup_cosine


class Model(L.LightningModule):
    def training_step(self, batch, batch_idx):
        loss = self(batch)
        self.lr_schedulers().step()  # expect: LR010, LR016
        return loss

    def configure_optimizers(self):
        opt = torch.optim.AdamW(self.parameters(), lr=1e-3)
        sched = linear_warmup_cosine(opt, 500, self.trainer.estimated_stepping_batches)
        return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "step"}}
