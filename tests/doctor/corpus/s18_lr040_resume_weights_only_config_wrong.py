# `--resume` restores only the model weights; the loop continues from cfg.start_epoch, but the optimizer and the
# StepLR are new, so a resumed run starts again at cfg.lr instead of the decayed LR of that epoch.
import torch
from torch.optim import lr_scheduler

from config import cfg
from util import load_model


def train(model, loader, optimizer, epoch):
    model.train()
    for images, targets in loader:
        optimizer.zero_grad()
        model(images, targets).backward()
        optimizer.step()


def main(model, train_loader):
    if cfg.resume:
        load_model(model, cfg.resume)
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    scheduler = lr_scheduler.StepLR(optimizer, step_size=cfg.step_size, gamma=0.9)  # expect: LR040
    for epoch in range(cfg.start_epoch, cfg.max_epoch + 1):
        train(model, train_loader, optimizer, epoch)
        scheduler.step()
