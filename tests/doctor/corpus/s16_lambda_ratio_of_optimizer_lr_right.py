# The functions are factors: a ratio of the final to the starting LR raised to the progress, and an LR floor divided
# by the optimizer's LR (hi appears only in ratios). LambdaLR scales lr=hi by them: no finding.
import torch
from torch.optim.lr_scheduler import LambdaLR

hi, lo, n = 0.05, 0.0005, 40
model = torch.nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=hi, momentum=0.9)
sched = LambdaLR(opt, lambda e: (lo / hi) ** (min(e, n) / n))
other = torch.nn.Linear(3, 1)
opt2 = torch.optim.SGD(other.parameters(), lr=hi)
sched2 = LambdaLR(opt2, lambda e: max(hi * 0.9 ** e, lo) / hi)
for epoch in range(n):
    for o in (opt, opt2):
        o.zero_grad()
    (model(torch.randn(4, 3)).sum() + other(torch.randn(4, 3)).sum()).backward()
    opt.step()
    opt2.step()
    sched.step()
    sched2.step()
