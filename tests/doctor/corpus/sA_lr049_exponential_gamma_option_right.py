# ExponentialLR with its rate from the command line (default 0.95 per epoch): a real decay, stepped per epoch.
import argparse

import torch
from torch.optim.lr_scheduler import ExponentialLR

parser = argparse.ArgumentParser()
parser.add_argument("--gamma", type=float, default=0.95)
parser.add_argument("--epochs", type=int, default=50)
args = parser.parse_args()

model = make_net()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
scheduler = ExponentialLR(optimizer, gamma=args.gamma)
for epoch in range(args.epochs):
    for x, y in train_loader:
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()
    scheduler.step()
