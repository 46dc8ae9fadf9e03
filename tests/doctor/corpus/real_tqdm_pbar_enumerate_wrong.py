# tqdm bar over the loader, then enumerate(pbar): a cosine sized in epochs (T_max=args.epochs) stepped every batch.
import argparse

import torch
import torch.nn.functional as F
from torch.optim.lr_scheduler import CosineAnnealingLR
from tqdm import tqdm

from common import build_loaders, build_model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--lr", type=float, default=0.05)
    args = parser.parse_args()

    model = build_model()
    train_loader, val_loader = build_loaders(batch_size=128)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=5e-4)
    scheduler = CosineAnnealingLR(optimizer, T_max=args.epochs)

    for epoch in range(args.epochs):
        model.train()
        pbar = tqdm(train_loader, desc=f"epoch {epoch}")
        for i, (images, targets) in enumerate(pbar):
            loss = F.cross_entropy(model(images), targets)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()  # expect: LR001
            pbar.set_postfix(loss=f"{loss.item():.3f}", lr=scheduler.get_last_lr()[0])


if __name__ == "__main__":
    main()
