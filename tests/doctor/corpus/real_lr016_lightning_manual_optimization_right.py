# Manual optimization (automatic_optimization = False): Lightning does not step the scheduler, training_step does.
import lightning as L
import torch
from torch.optim.lr_scheduler import OneCycleLR


class LitNet(L.LightningModule):
    def __init__(self, net, lr=0.01):
        super().__init__()
        self.net = net
        self.lr = lr
        self.automatic_optimization = False

    def training_step(self, batch, batch_idx):
        opt = self.optimizers()
        sch = self.lr_schedulers()
        x, y = batch
        loss = torch.nn.functional.cross_entropy(self.net(x), y)
        opt.zero_grad()
        self.manual_backward(loss)
        opt.step()
        sch.step()
        return loss

    def configure_optimizers(self):
        optimizer = torch.optim.SGD(self.parameters(), lr=self.lr, momentum=0.9)
        scheduler = OneCycleLR(optimizer, max_lr=self.lr, total_steps=self.trainer.estimated_stepping_batches)
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "interval": "step"}}
