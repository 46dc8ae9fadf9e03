# Lightning manual optimisation with one scheduler per optimizer, stepped by hand at epoch end.
import lightning as L
import torch


class CycleModule(L.LightningModule):
    def __init__(self, gen, disc):
        super().__init__()
        self.automatic_optimization = False
        self.gen, self.disc = gen, disc

    def configure_optimizers(self):
        opt_gen = torch.optim.Adam(self.gen.parameters(), lr=2e-4, betas=(0.5, 0.999))
        opt_disc = torch.optim.Adam(self.disc.parameters(), lr=2e-4, betas=(0.5, 0.999))
        sched_gen = torch.optim.lr_scheduler.StepLR(opt_gen, step_size=50, gamma=0.5)
        sched_disc = torch.optim.lr_scheduler.LambdaLR(opt_disc, lr_lambda=lambda epoch: 1.0)
        return [opt_gen, opt_disc], [sched_gen, sched_disc]

    def training_step(self, batch, batch_idx):
        opt_gen, opt_disc = self.optimizers()
        opt_gen.zero_grad()
        self.manual_backward(self.gen.loss(self.disc, batch))
        opt_gen.step()
        opt_disc.zero_grad()
        self.manual_backward(self.disc.loss(self.gen, batch))
        opt_disc.step()

    def on_train_epoch_end(self):
        sched_gen, sched_disc = self.lr_schedulers()
        sched_gen.step()
        sched_disc.step()
