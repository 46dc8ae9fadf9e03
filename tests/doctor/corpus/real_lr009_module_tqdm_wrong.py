# Notebook-style module script: 60 epochs of Adam at a constant LR in a tqdm loop, no schedule anywhere.
import torch
import torch.nn as nn
from tqdm import tqdm

from data import train_loader, val_loader

NUM_EPOCHS = 60
model = nn.Sequential(nn.Linear(128, 256), nn.GELU(), nn.Linear(256, 10))
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)  # expect: LR009

for epoch in range(NUM_EPOCHS):
    model.train()
    for x, y in tqdm(train_loader, desc=f"epoch {epoch}"):
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        acc = sum((model(x).argmax(1) == y).float().mean().item() for x, y in val_loader) / len(val_loader)
    print(f"epoch {epoch}: val acc {acc:.3f}")
