# Automatic optimization: Lightning already steps the "interval": "step" scheduler after each optimizer step, and
# training_step steps it again by hand. The hand call is the only call site in the source, so it carries the marks
# (it also runs before the optimizer step, which Lightning makes after training_step returns).
import lightning as L
import torch
from torch.optim.lr_scheduler import OneCycleLR


class LitNet(L.LightningModule):
    def __init__(self, net, lr=0.01):
        super().__init__()
        self.net = net
        self.lr = lr

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = torch.nn.functional.cross_entropy(self.net(x), y)
        sch = self.lr_schedulers()
        sch.step()  # expect: LR010, LR016
        self.log("lr", sch.get_last_lr()[0])
        return loss

    def configure_optimizers(self):
        optimizer = torch.optim.SGD(self.parameters(), lr=self.lr, momentum=0.9)
        scheduler = OneCycleLR(optimizer, max_lr=self.lr, total_steps=self.trainer.estimated_stepping_batches)
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "interval": "step"}}
