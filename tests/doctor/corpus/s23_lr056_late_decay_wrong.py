# A GAN recipe: constant LR for the first `decay_epoch` epochs, then a linear decay to 0. The decay is written in
# absolute epochs (`2 - epoch / decay_epoch`, 1 at the decay epoch) and stepped only once that epoch is reached. But
# LambdaLR applies the factor at step 0 when it is built: until the decay starts, both nets train at twice the
# 2e-4 the optimizers were given.
import argparse

import torch
from torch import nn

parser = argparse.ArgumentParser()
parser.add_argument("--n_epochs", type=int, default=200)
parser.add_argument("--decay_epoch", type=int, default=100)
args = parser.parse_args()

G = nn.Linear(64, 64)
D = nn.Linear(64, 1)
opt_G = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
opt_D = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
sched_G = torch.optim.lr_scheduler.LambdaLR(opt_G, lr_lambda=lambda epoch: 2 - epoch / args.decay_epoch)  # expect: LR056
sched_D = torch.optim.lr_scheduler.LambdaLR(opt_D, lr_lambda=lambda epoch: 2 - epoch / args.decay_epoch)  # expect: LR056
loader = torch.utils.data.DataLoader(torch.randn(256, 64), batch_size=32, shuffle=True)

for epoch in range(args.n_epochs):
    for real in loader:
        opt_G.zero_grad()
        (-D(G(torch.randn_like(real))).mean()).backward()
        opt_G.step()
        opt_D.zero_grad()
        (D(G(torch.randn_like(real)).detach()).mean() - D(real).mean()).backward()
        opt_D.step()
    if epoch >= args.decay_epoch:
        sched_G.step(epoch)
        sched_D.step(epoch)
