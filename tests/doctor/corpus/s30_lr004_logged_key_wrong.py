# Wrong: the plateau scheduler reads the metric the module logged as "q_ep": the mean of the validation steps'
# recon_loss, a reconstruction error the training minimises. mode="max" waits for it to rise, so every patience
# window counts as no improvement and the LR is cut down to min_lr.
import lightning as L
import torch


class DenoiserModule(L.LightningModule):
    def __init__(self, net):
        super().__init__()
        self.net = net
        self._epoch_recs = []
        self.automatic_optimization = False

    def training_step(self, batch, batch_idx):
        opt = self.optimizers()
        recon_loss = self.net.reconstruction_error(batch).mean()
        opt.zero_grad()
        self.manual_backward(recon_loss)
        opt.step()
        self.log("recon_loss", recon_loss)

    def validation_step(self, batch, batch_idx):
        recon_loss = self.net.reconstruction_error(batch).mean()
        self._epoch_recs.append({"q_ep": recon_loss})

    def on_validation_epoch_end(self):
        q_ep = torch.stack([r["q_ep"] for r in self._epoch_recs]).mean()
        self.log("q_ep", q_ep)
        self._epoch_recs = []

    def on_train_epoch_end(self):
        sch = self.lr_schedulers()
        sch.step(self.trainer.callback_metrics["q_ep"])  # expect: LR004

    def configure_optimizers(self):
        opt = torch.optim.Adam(self.parameters(), lr=1e-3)
        sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="max", factor=0.1, patience=3, min_lr=1e-6)
        return {"optimizer": opt, "lr_scheduler": sched}
