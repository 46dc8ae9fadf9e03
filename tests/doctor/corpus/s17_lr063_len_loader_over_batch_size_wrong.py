# Wrong: the run length counts len(train_loader) // args.batch_size per epoch, but len() of the DataLoader is
# already its number of batches: the cosine is planned for 1/batch_size of the run (LR063).
import argparse

import torch
from torch.utils.data import DataLoader

parser = argparse.ArgumentParser()
parser.add_argument("--batch_size", type=int, default=32)
parser.add_argument("--epoch", type=int, default=20)
parser.add_argument("--lr", type=float, default=6e-4)
args = parser.parse_args()

train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True)
model = CharGPT()
optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
total_itr = args.epoch * (len(train_loader) // args.batch_size + 1)
lr_scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, total_itr)  # expect: LR063
for epoch in range(args.epoch):
    for x, y in train_loader:
        optimizer.zero_grad()
        model.loss(x, y).backward()
        optimizer.step()
        lr_scheduler.step()
