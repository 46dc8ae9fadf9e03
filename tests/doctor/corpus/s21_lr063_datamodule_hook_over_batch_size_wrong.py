# Wrong: the DataModule's `train_dataloader()` already yields batches; dividing its length by the batch size
# again plans the schedule for a small fraction of the run.
import lightning.pytorch as pl
import torch
from transformers import get_linear_schedule_with_warmup


class Tagger(pl.LightningModule):
    def __init__(self, batch_size=32, lr=2e-5):
        super().__init__()
        self.save_hyperparameters()
        self.net = torch.nn.Linear(768, 9)

    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(self.parameters(), lr=self.hparams.lr)
        dm = self.trainer.datamodule
        steps = len(dm.train_dataloader()) // self.hparams.batch_size * self.trainer.max_epochs
        scheduler = get_linear_schedule_with_warmup(optimizer, 0, steps)  # expect: LR063
        return [optimizer], [{"scheduler": scheduler, "interval": "step"}]
