# Both per-batch options rebind the option name to their scheduler in an elif chain, and the stepping is chosen
# with `sched not in ("onecycle", "cyclic")` - always True once the name holds a scheduler - so the per-epoch arm
# runs every batch for the cosine counted in epochs.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, CyclicLR, OneCycleLR


def train(model, loader, epochs, sched, loss_fn):
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    if sched == "onecycle":
        sched = OneCycleLR(opt, max_lr=0.1, epochs=epochs, steps_per_epoch=len(loader))
    elif sched == "cyclic":
        sched = CyclicLR(opt, base_lr=1e-3, max_lr=0.1, step_size_up=4 * len(loader))
    else:
        sched = CosineAnnealingLR(opt, T_max=epochs)
    for epoch in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            loss_fn(model(x), y).backward()
            opt.step()
            if sched not in ("onecycle", "cyclic"):
                sched.step()  # expect: LR001
