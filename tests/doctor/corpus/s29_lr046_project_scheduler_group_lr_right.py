# Right: project schedulers that start from the base LRs (closed form), multiply the current LR by a ratio of
# successive factors (torch's chainable form), or by a constant at each boundary.
import torch


class InvSqrtDecay(torch.optim.lr_scheduler.LRScheduler):
    def __init__(self, optimizer, warm_steps, last_epoch=-1):
        self.warm_steps = warm_steps
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        step = max(self.last_epoch, 1)
        return [lr * min(1.0, (self.warm_steps / step) ** 0.5) for lr in self.base_lrs]


class ChainedPoly(torch.optim.lr_scheduler.LRScheduler):
    def __init__(self, optimizer, total, power=0.9, last_epoch=-1):
        self.total, self.power = total, power
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch == 0 or self.last_epoch > self.total:
            return [g["lr"] for g in self.optimizer.param_groups]
        ratio = ((1.0 - self.last_epoch / self.total) / (1.0 - (self.last_epoch - 1) / self.total)) ** self.power
        return [g["lr"] * ratio for g in self.optimizer.param_groups]


class EveryK(torch.optim.lr_scheduler.LRScheduler):
    def __init__(self, optimizer, k, gamma=0.5, last_epoch=-1):
        self.k, self.gamma = k, gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        return [g["lr"] * (self.gamma if self.last_epoch > 0 and self.last_epoch % self.k == 0 else 1.0)
                for g in self.optimizer.param_groups]


opt = torch.optim.AdamW(net.parameters(), lr=5e-4)
sched = InvSqrtDecay(opt, warm_steps=4000)
opt2 = torch.optim.SGD(head.parameters(), lr=0.01)
poly = ChainedPoly(opt2, total=5000)
opt3 = torch.optim.SGD(tail.parameters(), lr=0.01)
every = EveryK(opt3, k=1000)
for epoch in range(10):
    for xb, yb in loader:
        opt.zero_grad()
        opt2.zero_grad()
        opt3.zero_grad()
        criterion(tail(head(net(xb))), yb).backward()
        opt.step()
        opt2.step()
        opt3.step()
        sched.step()
        poly.step()
        every.step()
