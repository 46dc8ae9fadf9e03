# Inside a trainer class the optimizer gets lr=hi and the decay function returns hi * (lo / hi) ** t (under an
# `if` on the step), an LR rather than a factor: LambdaLR applies hi twice (LR039). A second name bound to the same
# value counts as the optimizer's LR too.
import torch
from torch.optim.lr_scheduler import LambdaLR


class Trainer:
    def __init__(self, model, hi=0.05, lo=0.0005, n=40):
        self.model = model
        self.opt = torch.optim.SGD(model.parameters(), lr=hi, momentum=0.9)
        self.sched = LambdaLR(  # expect: LR039
            self.opt, lambda e: hi * (lo / hi) ** (e / n) if e < n else lo)
        self.n = n

    def fit(self, batches):
        for _ in range(self.n):
            for x, y in batches:
                self.opt.zero_grad()
                torch.nn.functional.mse_loss(self.model(x), y).backward()
                self.opt.step()
            self.sched.step()


start = 0.1
base = start
net = torch.nn.Linear(3, 1)
sgd = torch.optim.SGD(net.parameters(), lr=start)
decay = LambdaLR(sgd, lambda e: base * 0.5 ** (e // 10))  # expect: LR039
for epoch in range(40):
    sgd.zero_grad()
    net(torch.randn(4, 3)).sum().backward()
    sgd.step()
    decay.step()
