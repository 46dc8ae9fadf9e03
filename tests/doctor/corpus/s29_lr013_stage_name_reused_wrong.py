# Wrong: one name holds each stage's epochs (`n_ep = 16` for training, `n_ep = 4` for the fine-tune that
# follows); the cosine has a horizon of 8 and is stepped once per epoch through the first stage's 16 epochs: it
# reaches its floor at epoch 8 and climbs back to the full LR by epoch 16.
import torch

optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=8)  # expect: LR013

n_ep = 16
for ep in range(n_ep):
    for xb, yb in train_loader:
        optimizer.zero_grad()
        criterion(net(xb), yb).backward()
        optimizer.step()
    scheduler.step()

n_ep = 4
tune_opt = torch.optim.SGD(net.parameters(), lr=1e-5)
for ep in range(n_ep):
    for xb, yb in tune_loader:
        tune_opt.zero_grad()
        criterion(net(xb), yb).backward()
        tune_opt.step()
