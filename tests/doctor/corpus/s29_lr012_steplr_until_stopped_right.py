# Right: a loop of 20,000 epochs that runs until someone stops it (the best model is saved each epoch), with a
# 40-epoch StepLR: no planned length to hold the step size against; and a 3-epoch step in a 25-epoch run (the LR
# is at 1% at epoch 6, a quarter of the way in: a short fine-tune's fast decay, not a horizon ten times too short).
import torch

opt = torch.optim.Adam(net.parameters(), lr=5e-6)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=40, gamma=0.1)
for ep in range(1, 20001):
    for xb, yb in loader:
        opt.zero_grad()
        criterion(net(xb), yb).backward()
        opt.step()
    sched.step()
    torch.save(net.state_dict(), f"ckpt_{ep}.pt")

opt2 = torch.optim.SGD(head.parameters(), lr=0.01)
short = torch.optim.lr_scheduler.StepLR(opt2, step_size=3)
for ep in range(25):
    for xb, yb in loader:
        opt2.zero_grad()
        criterion(head(xb), yb).backward()
        opt2.step()
    short.step()
