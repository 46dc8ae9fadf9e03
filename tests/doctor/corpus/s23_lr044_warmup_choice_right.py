# The option-chosen warm-up of s23_lr044_warmup_choice_wrong.py when not every arm starts at 0: the "none" arm's
# lambda is 1 from the start, and the other counts from 1. No arm trains a whole epoch at LR 0 (a first
# factor that depends on the option is not reported either way).
import argparse
import math

import torch
from torch import nn

parser = argparse.ArgumentParser()
parser.add_argument("--warmup_type", default="linear", choices=["linear", "cosine", "none"])
parser.add_argument("--warmup_epochs", type=int, default=5)
parser.add_argument("--epochs", type=int, default=60)
args = parser.parse_args()

model = nn.Linear(32, 10)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
if args.warmup_type == "linear":
    warm_up = lambda epoch: (epoch + 1) / args.warmup_epochs if epoch < args.warmup_epochs else 1
elif args.warmup_type == "cosine":
    warm_up = lambda epoch: 0.5 * (math.cos(epoch / args.epochs * math.pi) + 1)
else:
    warm_up = lambda epoch: 1.0
scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer=optimizer, lr_lambda=warm_up)
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.randn(256, 32),
                                                                    torch.randint(0, 10, (256,))), batch_size=32)
for epoch in range(args.epochs):
    for x, y in loader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    scheduler.step()
