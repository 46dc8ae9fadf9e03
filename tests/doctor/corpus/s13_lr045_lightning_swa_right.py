# The SWA LR is set near the LR the StepLR has reached by the averaging phase, below the optimizer's LR.
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
    trainer = L.Trainer(max_epochs=500, callbacks=[L.pytorch.callbacks.StochasticWeightAveraging(swa_lrs=1e-5)])
    trainer.fit(Detector(net), datamodule=data)
