# Right: three schedulers are built on one optimizer so that a run can pick one by editing a line; the chosen one
# is stepped every epoch, and building the others does not move the LR (their factor at step 0 is 1).
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, ExponentialLR, ReduceLROnPlateau


def fit(model, loader, loss_fn, epochs=12):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    decay = ExponentialLR(optimizer, gamma=0.8)
    plateau = ReduceLROnPlateau(optimizer, patience=2)
    cosine = CosineAnnealingLR(optimizer, T_max=epochs)

    chosen = decay
    # chosen = plateau
    # chosen = cosine
    for epoch in range(epochs):
        total = 0.0
        for x, y in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        if isinstance(chosen, ReduceLROnPlateau):
            chosen.step(total)
        else:
            chosen.step()
