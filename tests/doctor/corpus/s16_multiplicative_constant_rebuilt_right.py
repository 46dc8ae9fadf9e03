# A MultiplicativeLR of a constant factor built anew on every epoch: each one multiplies the optimizer's current LR
# by 0.95 on its step, the same as one built before the loop, so rebuilding it does no harm: no finding.
import torch
from torch.optim.lr_scheduler import MultiplicativeLR

net = torch.nn.Linear(4, 2)
optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
batches = [(torch.randn(8, 4), torch.randint(0, 2, (8,))) for _ in range(10)]
for epoch in range(40):
    scheduler = MultiplicativeLR(optimizer, lr_lambda=lambda e: 0.95)
    for x, y in batches:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(net(x), y).backward()
        optimizer.step()
    scheduler.step()
