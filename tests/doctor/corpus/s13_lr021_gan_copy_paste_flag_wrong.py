# A GAN script copies the generator's scheduler line for the discriminator and keeps `optimizer_g`:
# both StepLRs multiply the generator's LR (gamma squared at every drop) and the discriminator's LR
# never decays. The schedulers are optional (a flag), as in many GAN scripts.
import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--use_scheduler", action="store_true")
parser.add_argument("--iters", type=int, default=100000)
args = parser.parse_args()


def main(net_g, net_d, loader):
    optimizer_g = torch.optim.Adam(net_g.parameters(), lr=2e-4, betas=(0.5, 0.99))
    optimizer_d = torch.optim.Adam(net_d.parameters(), lr=1e-4, betas=(0.5, 0.99))
    if args.use_scheduler:
        scheduler_g = torch.optim.lr_scheduler.StepLR(optimizer_g, step_size=20000, gamma=0.5)
        scheduler_d = torch.optim.lr_scheduler.StepLR(optimizer_g, step_size=20000, gamma=0.5)  # expect: LR021
    data = iter(loader)
    for it in range(args.iters):
        real = next(data)
        optimizer_g.zero_grad()
        net_g.adversarial_loss(net_d, real).backward()
        optimizer_g.step()
        if args.use_scheduler:
            scheduler_g.step()
        optimizer_d.zero_grad()
        net_d.loss(net_g, real).backward()
        optimizer_d.step()
        if args.use_scheduler:
            scheduler_d.step()
