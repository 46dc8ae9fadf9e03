# The task is chosen by editing a constant at the top of the script (`task = 2`). Only the arm for task 4 steps
# the cosine; the arm `elif task in [1, 2]` that this run takes never does, so the schedule is built and the LR
# stays at its initial value for the whole run.
import torch
from torch import nn
from torch.optim.lr_scheduler import CosineAnnealingLR

task = 2
EPOCHS = 30
model = nn.Linear(10, 1)
data = torch.utils.data.TensorDataset(torch.randn(200, 10), torch.randn(200, 1))
loader = torch.utils.data.DataLoader(data, batch_size=20, shuffle=True)
optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)
scheduler = CosineAnnealingLR(optimizer, T_max=EPOCHS)  # expect: LR022


def run_epoch():
    for x, y in loader:
        optimizer.zero_grad()
        nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()


if task in [4]:
    for epoch in range(EPOCHS):
        run_epoch()
        scheduler.step()
elif task in [1, 2]:
    for epoch in range(EPOCHS):
        run_epoch()
else:
    print("unknown task", task)
