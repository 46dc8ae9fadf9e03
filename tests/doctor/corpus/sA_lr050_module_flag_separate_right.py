# The same flag script done right: the flag and the scheduler have their own names, so the test still
# holds the flag and the plateau scheduler gets the validation loss.
import torch

epochs = 500
use_plateau = 1

model = build_net()
criterion = torch.nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
if use_plateau == 1:
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, patience=20, factor=0.5)
else:
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 100, gamma=0.5)

for epoch in range(epochs):
    for xb, yb in train_gen:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    v_loss = criterion(model(x_val), y_val).item()
    if use_plateau == 1:
        scheduler.step(v_loss)
    else:
        scheduler.step()
