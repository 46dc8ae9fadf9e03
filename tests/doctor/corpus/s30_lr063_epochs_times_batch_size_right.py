# Right: the one-cycle length is Lightning's own count of optimizer steps; the epochs times the batch size is only
# the number of examples a sampler draws, not a schedule length.
import lightning.pytorch as pl
import torch
from torch.optim.lr_scheduler import OneCycleLR
from torch.utils.data import DataLoader, RandomSampler

BATCH_SIZE = 256
EPOCHS = 30


class LitResnet(pl.LightningModule):
    def __init__(self, lr=0.05):
        super().__init__()
        self.save_hyperparameters()
        self.model = make_resnet()

    def train_dataloader(self):
        sampler = RandomSampler(train_set, num_samples=EPOCHS * BATCH_SIZE)
        return DataLoader(train_set, batch_size=BATCH_SIZE, sampler=sampler)

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.cross_entropy(self.model(x), y)

    def configure_optimizers(self):
        optimizer = torch.optim.SGD(self.parameters(), lr=self.hparams.lr, momentum=0.9)
        scheduler = OneCycleLR(optimizer, 0.1, total_steps=self.trainer.estimated_stepping_batches)
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "interval": "step"}}
