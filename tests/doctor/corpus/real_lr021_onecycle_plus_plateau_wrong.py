# OneCycle stepped per batch plus a ReduceLROnPlateau on the same optimizer: every cut the plateau makes is
# overwritten by OneCycle's next step, which sets the LR from its own curve.
import torch
from torch.optim.lr_scheduler import OneCycleLR, ReduceLROnPlateau

EPOCHS = 30


def train(model, train_loader, val_loader, validate):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    onecycle = OneCycleLR(optimizer, max_lr=3e-3, epochs=EPOCHS, steps_per_epoch=len(train_loader))
    plateau = ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=2)
    for epoch in range(EPOCHS):
        for x, y in train_loader:
            loss = torch.nn.functional.mse_loss(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            onecycle.step()
        val_loss = validate(model, val_loader)
        plateau.step(val_loss)  # expect: LR021
