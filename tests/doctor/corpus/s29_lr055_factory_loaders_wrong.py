# Wrong: both loaders come from the project's own factory (star-imported, not read); the one-cycle is sized with
# the training split's batches, but the training loop iterates the held-out split's loader, so the cycle is a
# fraction done when the run ends (or overruns, with a larger held-out split).
from project_data import *

import torch

train_dl = make_loader(train_frame, batch_size=16, shuffle=True)
dev_dl = make_loader(dev_frame, batch_size=16)
n_epochs = 6
opt = torch.optim.SGD(net.parameters(), lr=0.02, momentum=0.9)
sched = torch.optim.lr_scheduler.OneCycleLR(  # expect: LR055
    opt, max_lr=0.02, epochs=n_epochs, steps_per_epoch=len(train_dl))
for ep in range(n_epochs):
    net.train()
    for step, (xb, yb) in enumerate(dev_dl):
        opt.zero_grad()
        criterion(net(xb), yb).backward()
        opt.step()
        sched.step()
