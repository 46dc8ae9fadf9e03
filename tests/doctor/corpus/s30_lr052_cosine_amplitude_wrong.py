# Wrong: after the warm-up the cosine arm is 0.1 * (cos(...) + 1), which starts at 0.2: the warm-up brings the LR to
# its peak and the next epoch drops it to a fifth (the half-amplitude written as 0.1 instead of 0.5).
import argparse
import math

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--epoch", type=int, default=100)
parser.add_argument("--warm_up_epochs", type=int, default=10)
parser.add_argument("--lr", type=float, default=1e-3)
args = parser.parse_args()

model = Net()
optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
warm_cos = lambda e: (e + 1) / args.warm_up_epochs if e < args.warm_up_epochs else 0.1 * (math.cos((e - args.warm_up_epochs) / (args.epoch - args.warm_up_epochs) * math.pi) + 1)  # expect: LR052
scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=warm_cos)
for e in range(args.epoch):
    train_one_epoch(model, optimizer, train_loader)
    scheduler.step()
