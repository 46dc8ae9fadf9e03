# Wrong: the StepLR is set to the epoch (`step(ep)`, the closed form) on every batch of a 1,500-epoch run with a
# 25-epoch step: the LR is at 1% of its start by epoch 50 and keeps falling tenfold every 25 epochs.
import torch

n_epochs = 1500
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
sched = torch.optim.lr_scheduler.StepLR(opt, 25, gamma=0.1)  # expect: LR012
for ep in range(n_epochs):
    for xb, yb in loader:
        opt.zero_grad()
        torch.nn.functional.mse_loss(net(xb), yb).backward()
        opt.step()
        sched.step(ep)
