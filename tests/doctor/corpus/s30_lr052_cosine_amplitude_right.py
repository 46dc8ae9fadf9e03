# Right: the same warm-up and cosine over `args.epoch` epochs, with the half-amplitude 0.5: the cosine starts at
# 1.0, where the warm-up ends.
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
warm_cos = lambda e: (e + 1) / args.warm_up_epochs if e < args.warm_up_epochs else 0.5 * (math.cos((e - args.warm_up_epochs) / (args.epoch - args.warm_up_epochs) * math.pi) + 1)
scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=warm_cos)
for e in range(args.epoch):
    train_one_epoch(model, optimizer, train_loader)
    scheduler.step()
