# Wrong: Lightning's `train_dataloader()` returns a DataLoader, whose length already counts batches; dividing it
# by the batch size again plans the linear schedule for 1/16 of the run (interval "step"), which then sits at 0.
import lightning.pytorch as pl
import torch
from torch.utils.data import DataLoader
from transformers import get_linear_schedule_with_warmup


class Classifier(pl.LightningModule):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.net = torch.nn.Linear(768, 2)

    def train_dataloader(self):
        return DataLoader(self.train_set, batch_size=self.config["batch_size"], shuffle=True)

    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(self.parameters(), lr=self.config["lr"])
        t_total = len(self.train_dataloader()) // self.config["batch_size"] * self.config["max_epochs"]
        scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=100,  # expect: LR063
                                                    num_training_steps=t_total)
        return [optimizer], [{"scheduler": scheduler, "interval": "step"}]
