# Right: a mixed-precision loop whose update goes through the scaler or plainly, with the scheduler stepped after it.
import torch
from torch.optim.lr_scheduler import MultiStepLR


def run(net, batches, use_amp=True):
    opt = torch.optim.SGD(net.parameters(), lr=0.02, momentum=0.9)
    sched = MultiStepLR(opt, milestones=[200000, 400000], gamma=0.1)
    scaler = torch.cuda.amp.GradScaler(enabled=use_amp)
    for n, (board, move) in enumerate(batches):
        with torch.autocast("cuda", enabled=use_amp):
            loss = net.loss(board, move)
        opt.zero_grad(set_to_none=True)
        if use_amp:
            scaler.scale(loss).backward()
            scaler.step(opt)
            scaler.update()
        else:
            loss.backward()
            opt.step()
        sched.step()
