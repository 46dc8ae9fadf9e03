# The helper done right: it steps the plateau scheduler with the loss it measured, and the epoch number is
# used for logging only; a per-epoch StepLR stepped with the epoch in another helper is the older, accepted form.
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau, StepLR


def validate(model, loader, scheduler, epoch):
    model.eval()
    with torch.no_grad():
        val_loss = sum(torch.nn.functional.mse_loss(model(x), y).item() for x, y in loader)
    print(f"epoch {epoch}: {val_loss:.4f}")
    scheduler.step(val_loss)
    return val_loss


def main(model, train_loader, val_loader, epochs=80):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = ReduceLROnPlateau(optimizer, factor=0.5, patience=3)
    for epoch in range(epochs):
        model.train()
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
        validate(model, val_loader, scheduler, epoch)


def end_of_epoch(scheduler, epoch):
    scheduler.step(epoch)


def main_step(model, train_loader, epochs=80):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = StepLR(optimizer, step_size=30, gamma=0.1)
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
        end_of_epoch(scheduler, epoch)
