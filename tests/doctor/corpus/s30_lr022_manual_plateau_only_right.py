# Right: manual optimization, and the epoch hook steps whichever scheduler it is: the plateau one with the
# validation loss, any other with a plain step().
import lightning as L
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


class Adapter(L.LightningModule):
    def __init__(self, net, sched="multistep"):
        super().__init__()
        self.net = net
        self.sched = sched
        self.automatic_optimization = False

    def training_step(self, batch, batch_idx):
        opt = self.optimizers()
        x, y = batch
        loss = torch.nn.functional.cross_entropy(self.net(x), y)
        opt.zero_grad()
        self.manual_backward(loss)
        opt.step()
        self.log("train_loss", loss)

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.log("val_loss", torch.nn.functional.cross_entropy(self.net(x), y))

    def configure_optimizers(self):
        optimizer = torch.optim.AdamW(self.parameters(), lr=1e-3)
        if self.sched == "plateau":
            scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.5)
        else:
            scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[100, 150], gamma=0.1)
        return [optimizer], [scheduler]

    def on_train_epoch_end(self):
        current = self.lr_schedulers()
        if isinstance(current, ReduceLROnPlateau):
            current.step(self.trainer.callback_metrics["val_loss"])
        else:
            current.step()
