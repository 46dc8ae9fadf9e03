# Schedules stepped only from a start epoch on, written right. `fit_gan()` keeps the factor at 1 until the decay
# epoch and passes the epoch (`step(epoch)`); `fit_decay()` counts its own calls (plain `step()`) from epoch 10 on with
# an exponential factor that is 1 at step 0, so the first ten epochs train at the optimizer's LR.
import torch
from torch import nn


def fit_gan(G, loader, n_epochs=200, decay_epoch=100):
    opt = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    span = n_epochs - decay_epoch
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda epoch: 1.0 - max(0, epoch - decay_epoch) / span)
    for epoch in range(n_epochs):
        for z in loader:
            opt.zero_grad()
            G(z).pow(2).mean().backward()
            opt.step()
        if epoch >= decay_epoch:
            sched.step(epoch)


def fit_decay(model, loader, epochs=60):
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda step: 0.95 ** step)
    for epoch in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            nn.functional.mse_loss(model(x), y).backward()
            opt.step()
        if epoch >= 10:
            sched.step()
