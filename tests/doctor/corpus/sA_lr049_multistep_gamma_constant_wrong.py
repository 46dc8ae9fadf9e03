# The decay factor comes from a module constant set to 0.0 while experimenting: at the first milestone the
# MultiStepLR multiplies every LR by 0.
import torch
from torch.optim import lr_scheduler

EPOCHS = 90
LR_DECAY = 0.0
MILESTONES = [30, 60]

model = make_net()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
scheduler = lr_scheduler.MultiStepLR(optimizer, milestones=MILESTONES, gamma=LR_DECAY)  # expect: LR049
for epoch in range(EPOCHS):
    for images, targets in train_loader:
        optimizer.zero_grad()
        criterion(model(images), targets).backward()
        optimizer.step()
    scheduler.step()
