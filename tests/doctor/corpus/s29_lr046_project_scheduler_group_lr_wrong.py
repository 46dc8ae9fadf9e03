# Wrong: the project's own inverse-square-root decay reads each group's current LR in get_lr and multiplies it by
# the factor for the whole step count; torch writes the result back into the group, so the next step starts from
# the decayed LR and the factors compound.
import torch


class InvSqrtDecay(torch.optim.lr_scheduler.LRScheduler):
    def __init__(self, optimizer, warm_steps, last_epoch=-1):
        self.warm_steps = warm_steps
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        step = max(self.last_epoch, 1)
        current = [pg["lr"] for pg in self.optimizer.param_groups]  # expect: LR046
        return [lr * min(1.0, (self.warm_steps / step) ** 0.5) for lr in current]


opt = torch.optim.AdamW(net.parameters(), lr=5e-4)
sched = InvSqrtDecay(opt, warm_steps=4000)
for epoch in range(10):
    for xb, yb in loader:
        opt.zero_grad()
        criterion(net(xb), yb).backward()
        opt.step()
        sched.step()
