# The plateau is stepped once per epoch with `loss`, the tensor left by the last training batch: one batch's
# noise decides when the LR is cut.
import torch
import torch.nn.functional as F


def train_model(model, loader, epochs=30):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, "min", patience=3)
    for epoch in range(epochs):
        model.train()
        for inputs, targets in loader:
            optimizer.zero_grad()
            loss = F.mse_loss(model(inputs).squeeze(-1), targets)
            loss.backward()
            optimizer.step()
        scheduler.step(loss)  # expect: LR047
    return model
