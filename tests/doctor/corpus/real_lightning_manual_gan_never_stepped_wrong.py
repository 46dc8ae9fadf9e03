# GAN with manual optimization: two optimizers and two schedulers are returned, but with
# automatic_optimization = False Lightning never steps them and training_step does not either.
import lightning as L
import torch


class GAN(L.LightningModule):
    def __init__(self, generator, discriminator, lr=2e-4):
        super().__init__()
        self.generator = generator
        self.discriminator = discriminator
        self.lr = lr
        self.automatic_optimization = False

    def training_step(self, batch, batch_idx):
        opt_g, opt_d = self.optimizers()
        real = batch
        fake = self.generator(torch.randn(real.shape[0], 128, device=self.device))
        d_loss = self.discriminator(fake.detach()).mean() - self.discriminator(real).mean()
        opt_d.zero_grad()
        self.manual_backward(d_loss)
        opt_d.step()
        g_loss = -self.discriminator(fake).mean()
        opt_g.zero_grad()
        self.manual_backward(g_loss)
        opt_g.step()

    def configure_optimizers(self):
        opt_g = torch.optim.AdamW(self.generator.parameters(), lr=self.lr, betas=(0.8, 0.99))
        opt_d = torch.optim.AdamW(self.discriminator.parameters(), lr=self.lr, betas=(0.8, 0.99))
        sched_g = torch.optim.lr_scheduler.ExponentialLR(opt_g, gamma=0.999)  # expect: LR022
        sched_d = torch.optim.lr_scheduler.ExponentialLR(opt_d, gamma=0.999)  # expect: LR022
        return [opt_g, opt_d], [sched_g, sched_d]
