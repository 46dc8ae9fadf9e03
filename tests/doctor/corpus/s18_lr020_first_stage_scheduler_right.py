# The step schedule belongs to the first stage only: it is stepped while `epoch < stage2`, and the second stage's
# new Adam trains at its own constant LR on purpose.
import torch
from torch.optim.lr_scheduler import MultiStepLR

EPOCHS, STAGE2 = 60, 40
model = torch.nn.Linear(64, 8)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
scheduler = MultiStepLR(optimizer, milestones=[20, 30], gamma=0.1)
for epoch in range(EPOCHS):
    if epoch == STAGE2:
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    for x, y in train_loader:
        optimizer.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()
    if epoch < STAGE2:
        scheduler.step()
