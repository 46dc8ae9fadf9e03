# Wrong: the cosine is sized for 100 epochs but keeps being stepped until averaging begins at epoch 150: from
# epoch 100 on it climbs back up from its floor for 50 epochs before the averaging schedule takes over.
import torch
from torch import nn
from torch.optim.swa_utils import SWALR, AveragedModel


def fit(net, batches, epochs=200):
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    average_from = 150
    cosine = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=100)  # expect: LR013
    tail = SWALR(opt, swa_lr=0.02)
    averaged = AveragedModel(net)
    for epoch in range(epochs):
        for x, y in batches:
            opt.zero_grad()
            nn.functional.cross_entropy(net(x), y).backward()
            opt.step()
        if epoch >= average_from:
            averaged.update_parameters(net)
            tail.step()
        else:
            cosine.step()
    return averaged
