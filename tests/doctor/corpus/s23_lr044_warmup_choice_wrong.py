# The warm-up's shape is an option: each arm binds `warm_up` to a lambda, and every one of them is
# `epoch / warmup_epochs` at the start. Stepped once per epoch while `epoch <= warmup_epochs`, the LambdaLR's
# factor at step 0 is 0 whichever arm ran, so the first epoch trains at LR 0.
import argparse
import math

import torch
from torch import nn

parser = argparse.ArgumentParser()
parser.add_argument("--warmup_type", default="linear", choices=["linear", "cosine"])
parser.add_argument("--warmup_epochs", type=int, default=5)
parser.add_argument("--epochs", type=int, default=60)
args = parser.parse_args()

model = nn.Linear(32, 10)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
if args.warmup_type == "linear":
    warm_up = lambda epoch: epoch / args.warmup_epochs if epoch <= args.warmup_epochs else 1
elif args.warmup_type == "cosine":
    warm_up = lambda epoch: epoch / args.warmup_epochs if epoch <= args.warmup_epochs else 0.5 * (
        math.cos((epoch - args.warmup_epochs) / (args.epochs - args.warmup_epochs) * math.pi) + 1)
scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer=optimizer, lr_lambda=warm_up)  # expect: LR044
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.randn(256, 32),
                                                                    torch.randint(0, 10, (256,))), batch_size=32)
for epoch in range(args.epochs):
    for x, y in loader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    if epoch <= args.warmup_epochs:
        scheduler.step()
