# build_scheduler sizes the cosine in optimizer steps (epochs * steps_per_epoch); train_one_epoch steps it per batch.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


def build_scheduler(optimizer, epochs, steps_per_epoch, min_lr=1e-6):
    return CosineAnnealingLR(optimizer, T_max=epochs * steps_per_epoch, eta_min=min_lr)


def train_one_epoch(model, loader, optimizer, scheduler):
    model.train()
    for images, labels in loader:
        loss = torch.nn.functional.cross_entropy(model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step()


def main(model, train_loader, epochs=40):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    scheduler = build_scheduler(optimizer, epochs, len(train_loader))
    for epoch in range(epochs):
        train_one_epoch(model, train_loader, optimizer, scheduler)
