# Wrong: a Lightning scheduler factory whose warmup is given the run length chosen by a conditional
# expression, the same value it gives as the run length: the warmup takes the whole run.
import lightning as L
from transformers import get_cosine_schedule_with_warmup


class Model(L.LightningModule):
    def make_scheduler(self, optimizer, cfg):
        total_steps = cfg.total_steps if cfg.total_steps is not None else self.trainer.estimated_stepping_batches
        scheduler = get_cosine_schedule_with_warmup(  # expect: LR017
            optimizer, num_warmup_steps=total_steps, num_training_steps=cfg.total_steps)
        return {"scheduler": scheduler, "interval": "step"}
