# Right: a warm-up LambdaLR whose argument is named `epoch`, stepped once per epoch, with its length kept in a
# variable named `warmup_steps`. A name is no evidence of a unit: the function's own argument says epochs.
import torch
from torch import nn, optim


def train_model(model, train_loader, optimizer, scheduler, num_epochs=25):
    for epoch in range(num_epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()


def main(model, train_loader):
    optimizer = optim.Adam(model.parameters(), lr=1e-3)
    warmup_steps = 10
    lr_lambda = lambda epoch: (epoch + 1) / warmup_steps if epoch < warmup_steps else 1
    scheduler = optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)
    train_model(model, train_loader, optimizer, scheduler, num_epochs=25)
