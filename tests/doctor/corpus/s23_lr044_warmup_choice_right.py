# The option-chosen warm-up of s23_lr044_warmup_choice_wrong.py when not every arm starts at 0: the "none" arm's
# lambda is 1 from the start, and the other counts from 1. No arm trains a whole epoch at LR 0 (a first
# factor that depends on the option is not reported either way).
import argparse
import math

import torch
from torch import nn

parser = argparse.ArgumentParser()
parser.add_argument("--ramp", default="flat", choices=["flat", "cos", "none"])
parser.add_argument("--ramp_epochs", type=int, default=5)
parser.add_argument("--epochs", type=int, default=60)
args = parser.parse_args()

model = nn.Linear(32, 10)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
if args.ramp == "flat":
    ramp_fn = lambda e: (e + 1) / args.ramp_epochs if e < args.ramp_epochs else 1.0
elif args.ramp == "cos":
    ramp_fn = lambda e: 0.5 * (1 + math.cos(math.pi * e / args.epochs))
else:
    ramp_fn = lambda epoch: 1.0
scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer=optimizer, lr_lambda=ramp_fn)
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.randn(256, 32),
                                                                    torch.randint(0, 10, (256,))), batch_size=32)
for epoch in range(args.epochs):
    for x, y in loader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    scheduler.step()
