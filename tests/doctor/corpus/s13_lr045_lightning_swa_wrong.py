# The Lightning docs' `StochasticWeightAveraging(swa_lrs=1e-2)` pasted onto an Adam run at 1e-4: from 80% of
# the run every param group is annealed up to 100x the LR the model trained with.
import lightning as L
import torch
from torch.optim.lr_scheduler import StepLR


class Detector(L.LightningModule):
    def __init__(self, net, lr=1e-4, lr_drop=200):
        super().__init__()
        self.save_hyperparameters(ignore=["net"])
        self.net = net

    def training_step(self, batch, batch_idx):
        images, targets = batch
        return self.net.loss(images, targets)

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.net.parameters(), lr=self.hparams.lr, weight_decay=1e-4)
        return {"optimizer": optimizer, "lr_scheduler": StepLR(optimizer, step_size=self.hparams.lr_drop)}


def main(net, data):
    trainer = L.Trainer(max_epochs=500, callbacks=[L.pytorch.callbacks.StochasticWeightAveraging(swa_lrs=1e-2)])  # expect: LR045
    trainer.fit(Detector(net), datamodule=data)
