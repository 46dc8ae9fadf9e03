# A module flag `scheduler = 1` picks the plateau scheduler, but the scheduler object is stored in the same
# name: the later `if scheduler == 1:` compares an object with 1, is always False, and the other arm feeds
# the epoch number to ReduceLROnPlateau, which then cuts the LR every patience epochs whatever the loss does.
import numpy as np
import torch

epochs = 500
scheduler = 1

model = build_net()
criterion = torch.nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
if scheduler == 1:
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, patience=20, factor=0.5)
else:
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 100, gamma=0.5)


def train_epoch():
    total = 0.0
    for xb, yb in train_gen:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total


history = np.empty(epochs)
for epoch in range(epochs):
    history[epoch] = train_epoch()
    v_loss = criterion(model(x_val), y_val).item()
    if scheduler == 1:
        scheduler.step(v_loss)
    else:
        scheduler.step(epoch)  # expect: LR050

# The second model's test reads the same name, now the scheduler object: always False, so this one is a
# StepLR, stepped with the epoch (its older, accepted form): nothing to report here.
model_b = build_net()
optimizer_b = torch.optim.Adam(model_b.parameters(), lr=0.01)
if scheduler == 1:
    scheduler_b = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer_b, patience=10)
else:
    scheduler_b = torch.optim.lr_scheduler.StepLR(optimizer_b, 100, gamma=0.5)
for epoch in range(epochs):
    for xb, yb in train_gen:
        optimizer_b.zero_grad()
        criterion(model_b(xb), yb).backward()
        optimizer_b.step()
    v_loss = criterion(model_b(x_val), y_val).item()
    if scheduler == 1:
        scheduler_b.step(v_loss)
    else:
        scheduler_b.step(epoch)
