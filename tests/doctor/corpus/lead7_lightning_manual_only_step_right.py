# Right: a base LightningModule whose subclasses choose manual optimization; it steps its scheduler by hand only
# then (after `if self.automatic_optimization: return`, or under `if not self.automatic_optimization:`), when
# Lightning steps nothing itself.
import lightning as L
import torch


class Base(L.LightningModule):
    def __init__(self, lr=1e-3, max_epochs=50):
        super().__init__()
        self.net = torch.nn.Linear(16, 2)
        self.lr, self.max_epochs = lr, max_epochs

    def configure_optimizers(self):
        opt = torch.optim.AdamW(self.parameters(), lr=self.lr)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=self.max_epochs)
        return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "epoch"}}

    def on_validation_epoch_end(self):
        if self.automatic_optimization:
            return
        sched = self.lr_schedulers()
        if not self.trainer.sanity_checking:
            sched.step()


class Other(Base):
    def on_train_epoch_end(self):
        if not self.automatic_optimization:
            self.lr_schedulers().step()
