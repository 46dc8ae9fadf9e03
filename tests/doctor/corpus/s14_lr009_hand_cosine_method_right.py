# A cosine written by hand: `lr_at(epoch)` computes the LR of each epoch from the base LR and the helper builds
# its optimizer from it (a common shape in small research scripts). A schedule over 100 epochs, no LR009.
import math

import torch
from torch import nn

EPOCHS = 100
BASE_LR = 0.05
model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))


def lr_at(epoch):
    learning_rate = 0.5 * BASE_LR * (1 + math.cos(math.pi * epoch / EPOCHS))
    return learning_rate


def train_epoch(loader, lr):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    for x, y in loader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()


def main(loader):
    for epoch in range(EPOCHS):
        train_epoch(loader, lr_at(epoch))
