# Wrong: the optimizer is picked in a conditional expression, both arms at the LR the command line gives (through
# a variable whose two arms are that same LR), and the cosine's floor is that LR too: eta_min is absolute, so the
# schedule runs from the LR to itself and never moves it.
import argparse

import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=1e-3)
parser.add_argument("--sgd", action="store_true")
parser.add_argument("--epochs", type=int, default=200)
args = parser.parse_args()

net = torch.nn.Linear(32, 10)
lr = args.lr if not args.sgd else args.lr
opt = (torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9) if args.sgd
       else torch.optim.Adam(net.parameters(), lr=lr))
sched = CosineAnnealingLR(opt, T_max=args.epochs, eta_min=args.lr)  # expect: LR061
for epoch in range(args.epochs):
    for x, y in batches():
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
    sched.step()
