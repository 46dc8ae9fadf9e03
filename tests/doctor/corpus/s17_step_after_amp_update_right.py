# Right: the update runs through the AMP scaler or plainly depending on a flag, and the scheduler is stepped after
# it in the same iteration.
import torch
from torch.optim.lr_scheduler import MultiStepLR

model = PolicyNet()
optimizer = torch.optim.SGD(model.parameters(), lr=0.02, momentum=0.9)
scheduler = MultiStepLR(optimizer, milestones=[200000, 400000], gamma=0.1)
scaler = torch.cuda.amp.GradScaler()
for it, (planes, policy, value) in enumerate(train_loader):
    optimizer.zero_grad()
    loss = model.loss(planes, policy, value)
    if args.amp:
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    else:
        loss.backward()
        optimizer.step()
    scheduler.step()
