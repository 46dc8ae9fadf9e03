# The per-epoch warm-up starts at 1 / warmup_epochs (`(epoch + 1) / warmup_epochs`): no epoch at LR 0.
import torch
from torch import optim

warmup_epochs = 3


def main(model, train_loader, epochs=50):
    optimizer = optim.AdamW(model.parameters(), lr=3e-4)

    def lr_lambda(epoch):
        if epoch < warmup_epochs:
            return (epoch + 1) / warmup_epochs
        return 1.0

    scheduler = optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)
    for epoch in range(epochs):
        for batch, target in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(batch), target).backward()
            optimizer.step()
        scheduler.step()
