# The validation loss is summed over the loop (+=) and averaged after it: the plateau sees the whole pass.
import torch
from torch import nn


def fit(model, train_loader, valid_loader, epochs=40):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, "min", patience=3)
    for epoch in range(epochs):
        model.train()
        for x, y in train_loader:
            optimizer.zero_grad()
            nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
        model.eval()
        valid_loss = 0.0
        with torch.no_grad():
            for x, y in valid_loader:
                loss = nn.functional.mse_loss(model(x), y)
                valid_loss += loss.item() * x.size(0)
        valid_loss = valid_loss / len(valid_loader.dataset)
        scheduler.step(valid_loss)
