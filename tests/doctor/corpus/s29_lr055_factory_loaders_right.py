# Right: loaders from the same unread factory, the schedule sized with the loader its loop iterates; and a
# second training loader (augmented) of the same split, read by the loop that the plain one sized.
from project_data import *

import torch

train_dl = make_loader(train_frame, batch_size=16, shuffle=True)
train_aug_dl = make_loader(train_frame, batch_size=16, shuffle=True, augment=True)
dev_dl = make_loader(dev_frame, batch_size=16)
n_epochs = 6
opt = torch.optim.SGD(net.parameters(), lr=0.02, momentum=0.9)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.02, epochs=n_epochs, steps_per_epoch=len(train_dl))
for ep in range(n_epochs):
    net.train()
    for step, (xb, yb) in enumerate(train_dl):
        opt.zero_grad()
        criterion(net(xb), yb).backward()
        opt.step()
        sched.step()
    for xb, yb in dev_dl:
        evaluate(net, xb, yb)

opt2 = torch.optim.SGD(head.parameters(), lr=0.02, momentum=0.9)
sched2 = torch.optim.lr_scheduler.OneCycleLR(opt2, max_lr=0.02, epochs=n_epochs, steps_per_epoch=len(train_dl))
for ep in range(n_epochs):
    for xb, yb in train_aug_dl:
        opt2.zero_grad()
        criterion(head(xb), yb).backward()
        opt2.step()
        sched2.step()
