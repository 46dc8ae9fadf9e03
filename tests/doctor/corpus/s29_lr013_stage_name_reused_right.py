# Right: the name is reused for each stage, and the cosine (horizon 8) is stepped only in the stage whose loop
# runs 8 epochs; the 30 of the warm-up stage before it are not its run.
import torch

n_ep = 30
warm_opt = torch.optim.SGD(net.parameters(), lr=1e-4)
for ep in range(n_ep):
    for xb, yb in train_loader:
        warm_opt.zero_grad()
        criterion(net(xb), yb).backward()
        warm_opt.step()

optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=8)
n_ep = 8
for ep in range(n_ep):
    for xb, yb in train_loader:
        optimizer.zero_grad()
        criterion(net(xb), yb).backward()
        optimizer.step()
    scheduler.step()

