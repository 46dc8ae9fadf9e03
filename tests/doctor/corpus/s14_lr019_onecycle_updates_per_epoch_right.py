# The number of updates per epoch is computed first (math.ceil of batches / accumulation) and given to OneCycleLR
# as steps_per_epoch; the scheduler is stepped with each update: right.
import math

import torch

EPOCHS, ACCUM = 15, 8


def main(model, loader, loss_fn):
    updates_per_epoch = math.ceil(len(loader) / ACCUM)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.2, epochs=EPOCHS, steps_per_epoch=updates_per_epoch)
    for epoch in range(EPOCHS):
        for it, (x, y) in enumerate(loader):
            (loss_fn(model(x), y) / ACCUM).backward()
            if (it + 1) % ACCUM == 0 or it + 1 == len(loader):
                opt.step()
                sched.step()
                opt.zero_grad()
