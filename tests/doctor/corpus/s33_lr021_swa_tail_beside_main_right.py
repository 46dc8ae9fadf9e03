# Right: SWA over the last epochs. The first run steps its cosine or its SWALR, one per epoch (torch's recipe: the
# `else` arm); the second steps its per-batch cosine only before swa_start (its own `if`), and the SWALR after.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR
from torch.optim.swa_utils import SWALR, AveragedModel


def train_epoch(net, loader, opt):
    for x, y in loader:
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(x), y).backward()
        opt.step()


def run(net, loader, epochs=60, swa_start=50):
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    sched = CosineAnnealingLR(opt, T_max=swa_start)
    avg = AveragedModel(net)
    swa_sched = SWALR(opt, swa_lr=0.01, anneal_epochs=3)
    for epoch in range(epochs):
        train_epoch(net, loader, opt)
        if epoch >= swa_start:
            avg.update_parameters(net)
            swa_sched.step()
        else:
            sched.step()
    return avg


def run_per_batch(net, loader, epochs=60, swa_start=50):
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3)
    sched = CosineAnnealingLR(opt, T_max=swa_start * len(loader))
    avg = AveragedModel(net)
    swa_sched = SWALR(opt, swa_lr=1e-4)
    for epoch in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.cross_entropy(net(x), y).backward()
            opt.step()
            if epoch < swa_start:
                sched.step()
        if epoch >= swa_start:
            avg.update_parameters(net)
            swa_sched.step()
    return avg
