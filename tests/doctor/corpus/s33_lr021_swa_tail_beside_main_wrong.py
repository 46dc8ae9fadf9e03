# Wrong: SWA over the last epochs of a warm-up + cosine run. The cosine is stepped every batch for the whole run (no
# `else` around it), and the SWALR on the same optimizer is stepped once per epoch from swa_start on: each SWALR step
# pulls the LR towards swa_lr and the cosine's next steps move it again, so the tail follows neither schedule.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR
from torch.optim.swa_utils import SWALR, AveragedModel


def run(net, loader, epochs=60, swa_start=50):
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    steps = epochs * len(loader)
    warm = LinearLR(opt, start_factor=0.1, total_iters=500)
    cos = CosineAnnealingLR(opt, T_max=steps - 500)
    sched = SequentialLR(opt, [warm, cos], milestones=[500])
    avg = AveragedModel(net)
    swa_sched = SWALR(opt, swa_lr=0.01, anneal_epochs=3)  # expect: LR021
    for epoch in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.cross_entropy(net(x), y).backward()
            opt.step()
            sched.step()
        if epoch >= swa_start:
            avg.update_parameters(net)
            swa_sched.step()
    return avg
