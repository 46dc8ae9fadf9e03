# Wrong: a per-epoch decay rate (0.95) given to ExponentialLR that is stepped after every batch;
# the scheduler comes back from a distributed wrapper that hands back what it was given.
import torch
from torch.optim.lr_scheduler import ExponentialLR

EPOCHS = 30
DECAY = 0.95


def train(model, loader, backend):
    opt = torch.optim.Adam(model.parameters(), lr=3e-4)
    sched = ExponentialLR(optimizer=opt, gamma=DECAY)
    net, opt, loader, run_sched = backend.distribute(model=model, optimizer=opt, training_data=loader,
                                                     lr_scheduler=sched)
    for epoch in range(EPOCHS):
        for images, _ in loader:
            loss = net(images).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            run_sched.step()  # expect: LR001
