# Right: two averaging variants share one epoch loop. Each builds a cosine that ends where weight averaging
# begins, and the loop's `if swa or sam_swa:` arm hands over to the averaging schedule from then on; its `else`
# arm runs only when neither variant was chosen, so it can only hold the step schedule built for that case.
import torch
from torch import nn
from torch.optim.swa_utils import SWALR, AveragedModel


def fit(net, batches, swa=False, sam_swa=False, epochs=240, average_from=180):
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    if swa:
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=average_from)
    elif sam_swa:
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=average_from)
    else:
        sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[120, 200], gamma=0.1)
    averaged = AveragedModel(net)
    tail = SWALR(opt, swa_lr=0.01)
    for epoch in range(epochs):
        for x, y in batches:
            opt.zero_grad()
            nn.functional.mse_loss(net(x), y).backward()
            opt.step()
        if swa or sam_swa:
            if epoch >= average_from:
                averaged.update_parameters(net)
                tail.step()
            else:
                sched.step()
        else:
            sched.step()
    return averaged
