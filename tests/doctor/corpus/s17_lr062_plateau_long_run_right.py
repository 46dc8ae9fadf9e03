# Right: patience 10 in a 100-epoch run, validated every 2nd epoch: 50 calls, room to cut several times.
import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=100)
args = parser.parse_args()

optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max", patience=10)
for epoch in range(args.epochs):
    train_one_epoch(model, train_loader, optimizer)
    if (epoch + 1) % 2 == 0:
        acc = validate(model, val_loader)
        scheduler.step(acc)
