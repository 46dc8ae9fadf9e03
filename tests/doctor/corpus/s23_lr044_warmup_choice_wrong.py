# The warm-up's shape is an option: each arm binds `ramp_fn` to a lambda, and every one of them is
# `e / ramp_epochs` at the start. Stepped once per epoch while `epoch <= ramp_epochs`, the LambdaLR's
# factor at step 0 is 0 whichever arm ran, so the first epoch trains at LR 0.
import argparse
import math

import torch
from torch import nn

parser = argparse.ArgumentParser()
parser.add_argument("--ramp", default="flat", choices=["flat", "cos"])
parser.add_argument("--ramp_epochs", type=int, default=5)
parser.add_argument("--epochs", type=int, default=60)
args = parser.parse_args()

model = nn.Linear(32, 10)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
if args.ramp == "flat":
    ramp_fn = lambda e: e / args.ramp_epochs if e <= args.ramp_epochs else 1.0
elif args.ramp == "cos":
    ramp_fn = lambda e: (e / args.ramp_epochs if e <= args.ramp_epochs
                         else 0.5 * (1 + math.cos(math.pi * (e - args.ramp_epochs) / (args.epochs - args.ramp_epochs))))
scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer=optimizer, lr_lambda=ramp_fn)  # expect: LR044
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.randn(256, 32),
                                                                    torch.randint(0, 10, (256,))), batch_size=32)
for epoch in range(args.epochs):
    for x, y in loader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    if epoch <= args.ramp_epochs:
        scheduler.step()
