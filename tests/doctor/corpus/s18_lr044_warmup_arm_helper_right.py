# The same two schedulers with the warm-up stepped while `epoch < warmup_epochs`, but its factor is
# `(epoch + 1) / warmup_epochs`: the first epoch trains at base / warmup_epochs, never at LR 0.
import torch
from torch import nn
from torch.optim.lr_scheduler import CosineAnnealingLR, LambdaLR
from tqdm import tqdm


def train(model, loader, optimizer, criterion, epoch, warmup_epochs, warmup_scheduler, scheduler):
    model.train()
    total = 0.0
    for images, labels in tqdm(loader, desc=f"epoch {epoch}"):
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()
        total += loss.item()
    if epoch < warmup_epochs:
        warmup_scheduler.step()
    else:
        scheduler.step()
    return total / len(loader)


def main(config, model, train_loader):
    epochs = config.get("epochs", 200)
    warmup_epochs = config.get("warmup_epochs", 5)
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4, weight_decay=0.05)
    scheduler = CosineAnnealingLR(optimizer, T_max=epochs - warmup_epochs, eta_min=1e-5)
    warmup_scheduler = LambdaLR(optimizer, lr_lambda=lambda epoch: (epoch + 1) / warmup_epochs)
    criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
    for epoch in range(epochs):
        loss = train(model, train_loader, optimizer, criterion, epoch, warmup_epochs, warmup_scheduler, scheduler)
        print(epoch, loss)
