# build_scheduler(args, optimizer) factory + train_one_epoch helper that steps every batch; the cosine is in epochs.
import argparse

import torch
from torch import nn
from torch.optim.lr_scheduler import CosineAnnealingLR


def build_scheduler(args, optimizer):
    return CosineAnnealingLR(optimizer, T_max=args.epochs, eta_min=args.min_lr)


def train_one_epoch(model, loader, criterion, optimizer, scheduler, device):
    model.train()
    for images, labels in loader:
        images, labels = images.to(device), labels.to(device)
        loss = criterion(model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step()  # expect: LR001


def main(model, train_loader, device="cuda"):
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=90)
    parser.add_argument("--min-lr", type=float, default=1e-5)
    args = parser.parse_args()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = build_scheduler(args, optimizer)
    criterion = nn.CrossEntropyLoss()
    for epoch in range(args.epochs):
        train_one_epoch(model, train_loader, criterion, optimizer, scheduler, device)
