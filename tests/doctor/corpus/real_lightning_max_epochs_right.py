# The cosine is sized by the trainer's own max_epochs; a second module uses a warmup of 5 epochs that is meant to
# be shorter than the run (LinearLR).
import lightning as L
import torch

EPOCHS = 200


class Model(L.LightningModule):
    def configure_optimizers(self):
        opt = torch.optim.SGD(self.parameters(), lr=0.1, momentum=0.9)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=self.trainer.max_epochs)
        return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "epoch"}}


class Warm(L.LightningModule):
    def configure_optimizers(self):
        opt = torch.optim.SGD(self.parameters(), lr=0.1, momentum=0.9)
        sched = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=5)
        return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "epoch"}}


def main(data):
    trainer = L.Trainer(max_epochs=EPOCHS)
    trainer.fit(Model(), data)
