# The plateau is fed a rounded loss expression (math.ceil(val_loss * 1000) / 1000) or loss.item(), in min mode.
import math

import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


def train(model, train_loader, val_loader, criterion, epochs=30):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = ReduceLROnPlateau(optimizer, "min", factor=0.3, patience=2, min_lr=1e-6)
    for epoch in range(epochs):
        model.train()
        for x, y in train_loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            val_loss = sum(criterion(model(x), y).item() for x, y in val_loader) / len(val_loader)
        scheduler.step(math.ceil(val_loss * 1000) / 1000)


def train_on_train_loss(model, train_loader, criterion, epochs=30):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = ReduceLROnPlateau(optimizer, patience=2)
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
        scheduler.step(loss.item())
