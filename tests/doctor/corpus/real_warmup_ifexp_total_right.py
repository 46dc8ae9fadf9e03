# Right: the run length chosen by a conditional expression; the warmup a tenth of it.
import lightning as L
from transformers import get_cosine_schedule_with_warmup


class Model(L.LightningModule):
    def make_scheduler(self, optimizer, cfg):
        total_steps = cfg.total_steps if cfg.total_steps is not None else self.trainer.estimated_stepping_batches
        warmup_steps = int(0.1 * total_steps)
        scheduler = get_cosine_schedule_with_warmup(
            optimizer, num_warmup_steps=warmup_steps, num_training_steps=total_steps)
        return {"scheduler": scheduler, "interval": "step"}
