# The GAN recipe of s23_lr056_late_decay_wrong.py written right: the factor is 1 until the decay epoch
# (`1 - max(0, epoch - decay_epoch) / (n_epochs - decay_epoch)`), so the gated steps change nothing before it. The
# critic's warm-up starts at a tenth of its LR on purpose and is stepped every epoch, not from a start epoch on.
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
sched_G = torch.optim.lr_scheduler.LambdaLR(
    opt_G, lr_lambda=lambda epoch: 1 - max(0, epoch - args.decay_epoch) / (args.n_epochs - args.decay_epoch))
sched_D = torch.optim.lr_scheduler.LambdaLR(opt_D, lr_lambda=lambda epoch: min(1.0, 0.1 + epoch / 10))
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
    sched_D.step()
