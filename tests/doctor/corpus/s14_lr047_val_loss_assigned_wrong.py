# Autoencoder: the validation loss starts at 0 and is assigned (=) in the loop where += was meant, so
# ReduceLROnPlateau is fed the last shuffled batch's loss each epoch.
import torch
from torch import nn

model = nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 784))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=2)
criterion = nn.MSELoss()

for epoch in range(40):
    model.train()
    for x, _ in train_loader:
        optimizer.zero_grad()
        criterion(model(x), x).backward()
        optimizer.step()
    model.eval()
    valid_loss = 0.0
    with torch.no_grad():
        for x, _ in valid_loader:
            loss = criterion(model(x), x)
            valid_loss = loss.item() * x.size(0)
    valid_loss = valid_loss / len(valid_loader.dataset)
    scheduler.step(valid_loss)  # expect: LR047
    print(f"epoch {epoch}: valid {valid_loss:.4f}")
