# Right: StepLR steps sized for the run they are stepped in: a 30-epoch step over 100 epochs (the LR is at 1% at
# epoch 60), and a short 4-epoch step with a gentle gamma (0.9: at 1% only after 176 epochs) over 120 epochs.
import torch

epochs = 100
opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.1)
opt2 = torch.optim.SGD(head.parameters(), lr=0.1, momentum=0.9)
gentle = torch.optim.lr_scheduler.StepLR(opt2, step_size=4, gamma=0.9)
for ep in range(epochs):
    for xb, yb in loader:
        opt.zero_grad()
        opt2.zero_grad()
        criterion(head(net(xb)), yb).backward()
        opt.step()
        opt2.step()
    sched.step()
    gentle.step()
