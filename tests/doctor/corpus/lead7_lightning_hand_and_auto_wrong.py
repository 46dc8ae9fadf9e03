# The same module without the manual-optimization guard: Lightning steps the cosine once per epoch and the hook
# steps it again, so it runs twice as fast.
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
        sched = self.lr_schedulers()
        if not self.trainer.sanity_checking:
            sched.step()  # expect: LR016
