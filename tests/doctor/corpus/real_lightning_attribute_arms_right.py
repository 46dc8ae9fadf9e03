# The scheduler kept on self and chosen across arms, returned with "interval": "step" for the per-step one-cycle
# and "epoch" otherwise.
import lightning as L
import torch


class Model(L.LightningModule):
    def __init__(self, args):
        super().__init__()
        self.args = args

    def configure_optimizers(self):
        self.optimizer = torch.optim.Adam(self.parameters(), lr=self.args.lr)
        if self.args.lr_policy == "onecycle":
            self.scheduler = torch.optim.lr_scheduler.OneCycleLR(
                self.optimizer, max_lr=self.args.lr, total_steps=self.trainer.estimated_stepping_batches)
            return [self.optimizer], [{"scheduler": self.scheduler, "interval": "step"}]
        self.scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(self.optimizer, self.trainer.max_epochs)
        return [self.optimizer], [{"scheduler": self.scheduler, "interval": "epoch"}]
