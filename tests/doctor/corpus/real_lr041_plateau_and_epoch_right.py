# Right: ReduceLROnPlateau given the validation loss, and a torch scheduler stepped with no argument; a timm
# scheduler stepped with the epoch and its metric (timm's step(epoch, metric) takes both).
import torch
from timm.scheduler import PlateauLRScheduler


def fit(model, train_loader, valid_loader, epochs=30):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", patience=3)
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        val_loss = evaluate(model, valid_loader)
        plateau.step(val_loss)


def fit_timm(model, train_loader, valid_loader, epochs=30):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scheduler = PlateauLRScheduler(optimizer, decay_rate=0.5, patience_t=3, mode="min")
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        val_loss = evaluate(model, valid_loader)
        scheduler.step(epoch + 1, val_loss)
