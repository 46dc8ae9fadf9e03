# The plateau is stepped once per epoch with `loss` left by the evaluation loop: the loss of the last
# validation batch (often a short one), not the validation loss.
import torch
import torch.nn.functional as F


def train_model(model, loader, val_loader, epochs=30):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, "min", patience=3)
    for epoch in range(epochs):
        model.train()
        for inputs, targets in loader:
            optimizer.zero_grad()
            F.mse_loss(model(inputs).squeeze(-1), targets).backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            for inputs, targets in val_loader:
                val_loss = F.mse_loss(model(inputs).squeeze(-1), targets)
        scheduler.step(val_loss)  # expect: LR047
    return model
