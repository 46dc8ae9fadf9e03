# The checkpoint's weights are loaded under --resume and the epoch loop starts at --start-epoch, but neither the
# optimizer nor the MultiStepLR is restored: the milestones count again from the resumed epoch.
import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--resume", default="")
parser.add_argument("--start-epoch", type=int, default=0)
parser.add_argument("--epochs", type=int, default=90)
args = parser.parse_args()

model = torch.nn.Linear(512, 100)
if args.resume:
    model.load_state_dict(torch.load(args.resume)["model"])
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[30, 60], gamma=0.1)  # expect: LR040
for epoch in range(args.start_epoch, args.epochs):
    for x, y in train_loader:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    scheduler.step()
    torch.save({"model": model.state_dict(), "epoch": epoch + 1}, "ckpt.pt")
