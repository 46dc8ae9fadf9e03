# Wrong: a StepLR with a 4-epoch step (a short fine-tune's recipe) stepped once per epoch in a run whose
# --epochs defaults to 120: the LR is at 1% of its start by epoch 8 and falls by ten every 4 epochs after that,
# so almost the whole run trains at an LR of zero in practice.
import argparse

import torch

ap = argparse.ArgumentParser()
ap.add_argument("--epochs", type=int, default=120)
ap.add_argument("--lr", type=float, default=0.01)
cfg = ap.parse_args()

optimizer = torch.optim.SGD(net.parameters(), lr=cfg.lr, momentum=0.9)
decay = torch.optim.lr_scheduler.StepLR(optimizer, step_size=4, gamma=0.1)  # expect: LR012
for ep in range(cfg.epochs):
    for xb, yb in loader:
        optimizer.zero_grad()
        criterion(net(xb), yb).backward()
        optimizer.step()
    decay.step()
