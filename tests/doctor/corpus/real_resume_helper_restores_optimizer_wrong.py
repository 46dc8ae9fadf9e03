# Wrong: --resume hands the model and the optimizer to a restoring helper and continues the epoch count, but the
# cosine is built fresh and never given to the helper: it restarts at the full LR and never finishes its decay.
import argparse

import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

from model import build_model, load_checkpoint, save_checkpoint


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=90)
    p.add_argument("--resume", default="")
    args = p.parse_args()
    model = build_model()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    scheduler = CosineAnnealingLR(optimizer, T_max=args.epochs)  # expect: LR040
    start_epoch = 0
    if args.resume:
        start_epoch = load_checkpoint(args.resume, model, optimizer)
    for epoch in range(start_epoch, args.epochs):
        for x, y in train_loader:
            loss = torch.nn.functional.cross_entropy(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        scheduler.step()
        save_checkpoint("last.pt", model, optimizer, epoch)
