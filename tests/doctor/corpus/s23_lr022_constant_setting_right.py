# The task switch of s23_lr022_constant_setting_wrong.py where the arm that runs steps the cosine: `task = 4`
# takes the first arm. In `finetune()` a parameter of the same name decides (any task may be passed), and the
# mode read from the environment is rebound after its default, so neither names an arm that cannot run.
import os

import torch
from torch import nn
from torch.optim.lr_scheduler import CosineAnnealingLR

task = 4
mode = "plain"
mode = os.environ.get("TRAIN_MODE", mode)
EPOCHS = 30
model = nn.Linear(10, 1)
data = torch.utils.data.TensorDataset(torch.randn(200, 10), torch.randn(200, 1))
loader = torch.utils.data.DataLoader(data, batch_size=20, shuffle=True)
optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)
scheduler = CosineAnnealingLR(optimizer, T_max=EPOCHS)


def run_epoch():
    for x, y in loader:
        optimizer.zero_grad()
        nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()


def finetune(task, net):
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    sched = CosineAnnealingLR(opt, T_max=10)
    for epoch in range(10):
        for x, y in loader:
            opt.zero_grad()
            nn.functional.mse_loss(net(x), y).backward()
            opt.step()
        if task in [4]:
            sched.step()


def tune(net):
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    sched = CosineAnnealingLR(opt, T_max=10)
    for epoch in range(10):
        for x, y in loader:
            opt.zero_grad()
            nn.functional.mse_loss(net(x), y).backward()
            opt.step()
        if mode == "cosine":
            sched.step()


if task in [4]:
    for epoch in range(EPOCHS):
        run_epoch()
        scheduler.step()
elif task in [1, 2]:
    for epoch in range(EPOCHS):
        run_epoch()
finetune(2, nn.Linear(10, 1))
tune(nn.Linear(10, 1))
