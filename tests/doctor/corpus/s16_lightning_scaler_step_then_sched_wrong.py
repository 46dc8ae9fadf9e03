# Automatic optimization is on, yet training_step updates the weights itself through a GradScaler and only then
# steps the scheduler: the hand order (update, then scheduler) is right, so there is no LR010. The scheduler is still
# stepped twice: by hand every batch and by Lightning every epoch (LR016).
import lightning as L
import torch
from torch.optim.lr_scheduler import ExponentialLR


class Net(L.LightningModule):
    def __init__(self):
        super().__init__()
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
        sched.step()  # expect: LR016
        return loss

    def configure_optimizers(self):
        opt = torch.optim.SGD(self.parameters(), lr=0.05)
        return [opt], [ExponentialLR(opt, gamma=0.97)]
