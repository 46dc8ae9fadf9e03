# A per-epoch cosine over 50 epochs in a Lightning module trained by Trainer(max_epochs=200): after epoch 50 the
# cosine climbs back up.
import lightning as L
import torch

EPOCHS = 200


class Model(L.LightningModule):
    def configure_optimizers(self):
        opt = torch.optim.SGD(self.parameters(), lr=0.1, momentum=0.9)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=50)  # expect: LR013
        return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "epoch"}}


def main(data):
    trainer = L.Trainer(max_epochs=EPOCHS)
    trainer.fit(Model(), data)
