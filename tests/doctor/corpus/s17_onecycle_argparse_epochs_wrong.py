# Wrong: OneCycleLR sized with --sched_epochs (default 5) while the loop runs --epochs (default 30): torch raises a
# ValueError once the 5 epochs of batches are spent (LR013).
import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=30)
parser.add_argument("--sched_epochs", type=int, default=5)
parser.add_argument("--lr", type=float, default=0.1)
args = parser.parse_args()

model = build_model()
optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, epochs=args.sched_epochs,  # expect: LR013
                                                steps_per_epoch=len(train_loader))
for epoch in range(args.epochs):
    for x, y in train_loader:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
        scheduler.step()
