# Right: the optimizer is picked in a conditional expression; a run without options takes the Adam arm, which
# starts a hundred times above the floor `eta_min=args.lr`, so the cosine decays. Only the first arm (an opt-in
# SGD) starts at the floor: judging the expression by its first arm alone would report this file.
import argparse

import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=1e-5)
parser.add_argument("--sgd", action="store_true")
parser.add_argument("--epochs", type=int, default=200)
args = parser.parse_args()

net = torch.nn.Linear(32, 10)
opt = (torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9) if args.sgd
       else torch.optim.Adam(net.parameters(), lr=args.lr * 100))
sched = CosineAnnealingLR(opt, T_max=args.epochs, eta_min=args.lr)
for epoch in range(args.epochs):
    for x, y in batches():
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
    sched.step()
