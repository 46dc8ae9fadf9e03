# The optimizer is picked in the two arms of an `if` and scheduled by a cosine; a second optimizer (for a critic),
# also picked in an `if`, gets a fixed LR written by hand after every update. The write touches only the critic's
# optimizer, which has no scheduler: no finding.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

USE_SGD = True
model = torch.nn.Linear(6, 1)
critic = torch.nn.Linear(1, 1)
if USE_SGD:
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    critic_opt = torch.optim.SGD(critic.parameters(), lr=0.01)
else:
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    critic_opt = torch.optim.Adam(critic.parameters(), lr=1e-4)
scheduler = CosineAnnealingLR(optimizer, T_max=30)
loader = [(torch.randn(16, 6), torch.randn(16, 1)) for _ in range(20)]

for epoch in range(30):
    for x, y in loader:
        optimizer.zero_grad()
        critic_opt.zero_grad()
        pred = model(x)
        loss = torch.nn.functional.mse_loss(pred, y) + critic(pred).pow(2).mean()
        loss.backward()
        optimizer.step()
        critic_opt.step()
        for group in critic_opt.param_groups:
            group["lr"] = 0.01
    scheduler.step()
