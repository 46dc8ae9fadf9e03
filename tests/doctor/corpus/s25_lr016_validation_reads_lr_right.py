# Manual optimization with the schedule stepped once per batch in training_step. validation_step only reads the
# current LR for the log, and a plateau schedule of a second optimizer is stepped once per validation epoch on
# its metric: no scheduler advances per validation batch.
import lightning as L
import torch


class TwoHeads(L.LightningModule):
    def __init__(self, steps):
        super().__init__()
        self.body = torch.nn.Linear(6, 4)
        self.head = torch.nn.Linear(4, 1)
        self.steps = steps
        self.automatic_optimization = False

    def training_step(self, batch, batch_idx):
        body_opt, head_opt = self.optimizers()
        cos, plateau = self.lr_schedulers()
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.head(self.body(x)), y)
        body_opt.zero_grad()
        head_opt.zero_grad()
        self.manual_backward(loss)
        body_opt.step()
        head_opt.step()
        cos.step()

    def validation_step(self, batch, batch_idx):
        cos, plateau = self.lr_schedulers()
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.head(self.body(x)), y)
        self.log("val_loss", loss)
        self.log("lr", cos.get_last_lr()[0])

    def on_validation_epoch_end(self):
        cos, plateau = self.lr_schedulers()
        plateau.step(self.trainer.callback_metrics["val_loss"])

    def configure_optimizers(self):
        body_opt = torch.optim.AdamW(self.body.parameters(), lr=1e-3)
        head_opt = torch.optim.SGD(self.head.parameters(), lr=1e-2)
        cos = torch.optim.lr_scheduler.CosineAnnealingLR(body_opt, T_max=self.steps)
        plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(head_opt, patience=3)
        return [body_opt, head_opt], [cos, plateau]
