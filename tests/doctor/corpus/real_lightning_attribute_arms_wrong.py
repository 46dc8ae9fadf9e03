# configure_optimizers keeps the scheduler on self, chosen across if/elif arms; the one-cycle arm is sized in
# batches but the returned config has no "interval", so Lightning steps it once per epoch.
import lightning as L
import torch


class Model(L.LightningModule):
    def __init__(self, args):
        super().__init__()
        self.args = args

    def configure_optimizers(self):
        self.optimizer = torch.optim.Adam(self.parameters(), lr=self.args.lr)
        if self.args.lr_policy == "step":
            self.scheduler = torch.optim.lr_scheduler.StepLR(self.optimizer, step_size=30)
        elif self.args.lr_policy == "cosine":
            self.scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(self.optimizer, self.trainer.max_epochs)
        elif self.args.lr_policy == "onecycle":
            self.scheduler = torch.optim.lr_scheduler.OneCycleLR(
                self.optimizer, max_lr=self.args.lr, steps_per_epoch=len(self.train_dataloader()),
                epochs=self.args.max_epoch)
        return [self.optimizer], [{"scheduler": self.scheduler, "name": "lr"}]  # expect: LR002
