# Right: the batches of `train_dataloader()` divided by the accumulation, the number of optimizer updates per
# epoch, is what a scheduler stepped per update ("interval": "step") needs.
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
        t_total = len(self.train_dataloader()) // self.config["accumulate_grad_batches"] * self.config["max_epochs"]
        scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=100, num_training_steps=t_total)
        return [optimizer], [{"scheduler": scheduler, "interval": "step"}]
