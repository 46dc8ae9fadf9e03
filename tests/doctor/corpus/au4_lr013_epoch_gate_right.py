# Right: the cosine runs until averaging begins and is sized for exactly that part of the run; from then on the
# averaging schedule takes over. With `epoch > average_from` the cosine gets one call more than its length, at
# the end of the last epoch before averaging: the next arm rewrites the LR at once, so nothing runs past it.
import torch
from torch import nn
from torch.optim.swa_utils import SWALR, AveragedModel


def fit(net, batches, epochs=200):
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    average_from = 150
    cosine = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=average_from)
    tail = SWALR(opt, swa_lr=0.02)
    averaged = AveragedModel(net)
    for epoch in range(epochs):
        for x, y in batches:
            opt.zero_grad()
            nn.functional.cross_entropy(net(x), y).backward()
            opt.step()
        if epoch > average_from:
            averaged.update_parameters(net)
            tail.step()
        else:
            cosine.step()
    return averaged
