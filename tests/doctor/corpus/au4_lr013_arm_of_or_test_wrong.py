# Wrong: the averaging arm tests only one of the two variants, so with `sam_swa` the loop takes the `else` arm
# and steps its cosine on every one of the 240 epochs: it reaches its floor at epoch 180 and climbs back.
import torch
from torch import nn
from torch.optim.swa_utils import SWALR, AveragedModel


def fit(net, batches, swa=False, sam_swa=False, epochs=240, average_from=180):
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    if swa:
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=average_from)
    elif sam_swa:
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=average_from)  # expect: LR013
    else:
        sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[120, 200], gamma=0.1)
    averaged = AveragedModel(net)
    tail = SWALR(opt, swa_lr=0.01)
    for epoch in range(epochs):
        for x, y in batches:
            opt.zero_grad()
            nn.functional.mse_loss(net(x), y).backward()
            opt.step()
        if swa:
            if epoch >= average_from:
                averaged.update_parameters(net)
                tail.step()
            else:
                sched.step()
        else:
            sched.step()
    return averaged
