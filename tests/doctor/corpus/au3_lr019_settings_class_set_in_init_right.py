# Right: the settings class sets the accumulation from its constructor argument, so the class body's 1 is not
# what the gate reads; the doctor cannot tell the value and stays silent (the schedule is sized in updates).
import torch


class Options:
    accum = 1

    def __init__(self, accum):
        self.accum = accum


def run(net, data, accum):
    o = Options(accum)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=len(data) * 10 // o.accum)
    for _ in range(10):
        for i, (x, y) in enumerate(data):
            (net(x) - y).pow(2).mean().backward()
            if (i + 1) % o.accum == 0:
                opt.step()
                sched.step()
                opt.zero_grad()
