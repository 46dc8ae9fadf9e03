# Wrong: the plateau scheduler reads the metric the module logged as "w_val": the mean of the validation steps'
# w_loss, a loss the training minimises (the negated captured variance). mode="max" waits for it to rise, so every
# patience window counts as no improvement and the LR is cut down to min_lr.
import lightning as L
import torch


class PCAModule(L.LightningModule):
    def __init__(self, net):
        super().__init__()
        self.net = net
        self.val_outputs = []
        self.automatic_optimization = False

    def training_step(self, batch, batch_idx):
        opt = self.optimizers()
        w_loss = -self.net.captured_variance(batch).sum()
        opt.zero_grad()
        self.manual_backward(w_loss)
        opt.step()
        self.log("w_loss", w_loss)

    def validation_step(self, batch, batch_idx):
        w_loss = -self.net.captured_variance(batch).sum()
        self.val_outputs.append({"w_val": w_loss})

    def on_validation_epoch_end(self):
        w_val = torch.stack([x["w_val"] for x in self.val_outputs]).mean()
        self.log("w_val", w_val)
        self.val_outputs = []

    def on_train_epoch_end(self):
        sch = self.lr_schedulers()
        sch.step(self.trainer.callback_metrics["w_val"])  # expect: LR004

    def configure_optimizers(self):
        opt = torch.optim.Adam(self.parameters(), lr=1e-3)
        sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="max", factor=0.1, patience=3, min_lr=1e-6)
        return {"optimizer": opt, "lr_scheduler": sched}
