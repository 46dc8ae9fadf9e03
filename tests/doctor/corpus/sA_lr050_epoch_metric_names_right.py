# A plateau fed a metric computed per epoch (its name holds "epoch": epoch_loss), and a StepLR stepped with
# the epoch counter (the older, still accepted form): neither feeds a counter to the plateau rule.
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau, StepLR


def fit(model, train_loader, n_epochs=60):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    plateau = ReduceLROnPlateau(optimizer, mode="min", patience=4)
    for epoch in range(n_epochs):
        epoch_loss = 0.0
        for x, y in train_loader:
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(model(x), y)
            loss.backward()
            optimizer.step()
            epoch_loss += loss.item()
        plateau.step(epoch_loss / len(train_loader))


def fit_step(model, train_loader, n_epochs=60):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    decay = StepLR(optimizer, step_size=20, gamma=0.1)
    for epoch in range(n_epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
        decay.step(epoch)
