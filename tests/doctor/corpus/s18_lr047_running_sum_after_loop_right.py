# The plateau is stepped after the batch loop with the epoch's mean loss, summed over every batch.
import torch
import torch.nn.functional as F


def train_model(model, loader, epochs=30):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, "min", patience=3)
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for inputs, targets in loader:
            optimizer.zero_grad()
            loss = F.mse_loss(model(inputs).squeeze(-1), targets)
            loss.backward()
            optimizer.step()
            total += loss.item()
        scheduler.step(total / len(loader))
    return model
