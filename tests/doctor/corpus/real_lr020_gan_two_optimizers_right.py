# GAN: a generator and a discriminator optimizer, each with its own scheduler, both stepped once per epoch.
import torch
from torch.optim.lr_scheduler import LambdaLR


def train(netG, netD, loader, n_epochs=200, decay_epoch=100):
    optimizer_G = torch.optim.Adam(netG.parameters(), lr=2e-4, betas=(0.5, 0.999))
    optimizer_D = torch.optim.Adam(netD.parameters(), lr=2e-4, betas=(0.5, 0.999))
    decay = lambda epoch: 1.0 - max(0, epoch - decay_epoch) / (n_epochs - decay_epoch)
    lr_scheduler_G = LambdaLR(optimizer_G, lr_lambda=decay)
    lr_scheduler_D = LambdaLR(optimizer_D, lr_lambda=decay)
    for epoch in range(n_epochs):
        for real_A, real_B in loader:
            optimizer_G.zero_grad()
            loss_G = (netD(netG(real_A)) - 1).pow(2).mean()
            loss_G.backward()
            optimizer_G.step()
            optimizer_D.zero_grad()
            loss_D = (netD(real_B) - 1).pow(2).mean() + netD(netG(real_A).detach()).pow(2).mean()
            loss_D.backward()
            optimizer_D.step()
        lr_scheduler_G.step()
        lr_scheduler_D.step()
