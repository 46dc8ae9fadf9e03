# A cosine whose floor is the optimizer's own LR never moves it (LR061); a resume that rebuilds it loses nothing,
# so the resume draws no LR040 beside it.
import argparse

import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


def train(model, loader):
    parser = argparse.ArgumentParser()
    parser.add_argument("--resume_epoch", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=100)
    args = parser.parse_args()
    lr = 2e-4
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    scheduler = CosineAnnealingLR(optimizer, T_max=args.epochs, eta_min=lr)  # expect: LR061
    start_epoch = 0
    if args.resume_epoch:
        state = torch.load(f"ckpt_{args.resume_epoch}.pt")
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        start_epoch = args.resume_epoch
    for epoch in range(start_epoch, args.epochs):
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.l1_loss(model(x), y).backward()
            optimizer.step()
        scheduler.step()
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict()}, f"ckpt_{epoch}.pt")
