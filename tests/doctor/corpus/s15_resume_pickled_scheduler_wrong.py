# On resume the whole scheduler object saved in the checkpoint replaces the live one. Unpickled, it holds its own
# copy of the optimizer it was saved with, so its steps change that copy's LR and the optimizer that trains is
# stuck at the LR it had when the checkpoint was written.
import os

import torch
from torch.optim.lr_scheduler import MultiStepLR

model = torch.nn.Linear(12, 2)
sgd = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
milestones = MultiStepLR(sgd, milestones=[30, 60], gamma=0.1)
start = 0
if os.path.exists("run/ckpt.pth"):
    saved = torch.load("run/ckpt.pth", weights_only=False)
    model.load_state_dict(saved["net"])
    sgd.load_state_dict(saved["opt"])
    milestones = saved["lr_sched"]  # expect: LR020
    start = saved["epoch"] + 1
batches = [(torch.randn(8, 12), torch.randint(0, 2, (8,))) for _ in range(10)]
for epoch in range(start, 90):
    for x, y in batches:
        sgd.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        sgd.step()
    milestones.step()
    torch.save({"net": model.state_dict(), "opt": sgd.state_dict(), "lr_sched": milestones, "epoch": epoch},
               "run/ckpt.pth")
