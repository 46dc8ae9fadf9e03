# Right: a long adversarial run kept at a constant LR on purpose: the scheduler that was tried is commented
# out (its construction and its step), without an import left behind. The constant LR is a choice, not an
# omission.
import torch
from torch import nn


def fit(gen, disc, batches, epochs=800):
    opt_g = torch.optim.Adam(gen.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(disc.parameters(), lr=2e-4, betas=(0.5, 0.999))
    # sched_g = torch.optim.lr_scheduler.ExponentialLR(opt_g, gamma=0.995)
    bce = nn.BCEWithLogitsLoss()
    for epoch in range(epochs):
        for noise, real in batches:
            opt_d.zero_grad()
            fake = gen(noise)
            d_loss = bce(disc(real), torch.ones(len(real), 1)) + bce(disc(fake.detach()), torch.zeros(len(real), 1))
            d_loss.backward()
            opt_d.step()
            opt_g.zero_grad()
            bce(disc(fake), torch.ones(len(real), 1)).backward()
            opt_g.step()
        # sched_g.step()
