# Manual optimization: training_step updates and steps the one-cycle schedule after each batch. validation_step was
# written by copying training_step and kept its optimizer and scheduler calls: the schedule also advances once per
# validation batch and runs out before the training does.
import lightning as L
import torch


class Regressor(L.LightningModule):
    def __init__(self, steps):
        super().__init__()
        self.net = torch.nn.Linear(6, 1)
        self.steps = steps
        self.automatic_optimization = False

    def training_step(self, batch, batch_idx):
        opt = self.optimizers()
        sch = self.lr_schedulers()
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.net(x), y)
        opt.zero_grad()
        self.manual_backward(loss)
        opt.step()
        sch.step()

    def validation_step(self, batch, batch_idx):
        opt = self.optimizers()
        sch = self.lr_schedulers()
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.net(x), y)
        opt.zero_grad()
        self.manual_backward(loss)
        opt.step()
        sch.step()  # expect: LR016
        self.log("val_loss", loss)

    def configure_optimizers(self):
        opt = torch.optim.AdamW(self.parameters(), lr=1e-3)
        cfg = {"optimizer": opt}
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1e-2, total_steps=self.steps)
        cfg["lr_scheduler"] = sched
        return cfg
