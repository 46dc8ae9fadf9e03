# A LightningModule sizes its one-cycle schedule in all the run's optimizer steps, with Lightning stepping it per
# step, but the config also says "frequency": the number of epochs. Lightning then steps it once every max_epochs
# updates, and the run ends while the schedule is still warming up.
import lightning as L
import torch


class Tagger(L.LightningModule):
    def __init__(self, loader):
        super().__init__()
        self.net = torch.nn.Linear(16, 5)
        self.loader = loader

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.cross_entropy(self.net(x), y)

    def train_dataloader(self):
        return self.loader

    def configure_optimizers(self):
        opt = torch.optim.AdamW(self.parameters(), lr=2e-5)
        total = self.trainer.max_epochs * len(self.train_dataloader())
        one_cycle = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-4, total_steps=total)
        return {"optimizer": opt, "lr_scheduler": {"scheduler": one_cycle, "interval": "step",
                                                   "frequency": self.trainer.max_epochs}}  # expect: LR002
