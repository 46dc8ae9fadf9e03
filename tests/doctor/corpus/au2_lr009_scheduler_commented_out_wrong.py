# Wrong: the same long run at a constant LR with no scheduler anywhere, not even one tried and commented out:
# nothing says the constant LR was chosen.
import torch
from torch import nn


def fit(gen, disc, batches, epochs=800):
    opt_g = torch.optim.Adam(gen.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(disc.parameters(), lr=2e-4, betas=(0.5, 0.999))  # expect: LR009
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
