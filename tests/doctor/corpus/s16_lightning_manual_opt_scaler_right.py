# Manual optimization: training_step updates through a GradScaler and then steps the per-batch scheduler. Lightning
# steps neither, and the order is right: no finding.
import lightning as L
import torch
from torch.optim.lr_scheduler import LinearLR


class Net(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.automatic_optimization = False
        self.layer = torch.nn.Linear(8, 2)
        self.scaler = torch.amp.GradScaler("cpu", enabled=False)

    def training_step(self, batch, batch_idx):
        opt = self.optimizers()
        sched = self.lr_schedulers()
        x, y = batch
        loss = torch.nn.functional.cross_entropy(self.layer(x), y)
        opt.zero_grad()
        self.scaler.scale(loss).backward()
        self.scaler.step(opt)
        self.scaler.update()
        sched.step()
        return loss

    def configure_optimizers(self):
        opt = torch.optim.SGD(self.parameters(), lr=0.05)
        return [opt], [LinearLR(opt, start_factor=0.2, total_iters=300)]
