# Wrong: the scheduler is stepped at the top of each iteration, before the update, which runs through the AMP
# scaler or plainly depending on a flag: the first scheduler step precedes the first update (LR010).
import torch
from torch.optim.lr_scheduler import MultiStepLR

model = PolicyNet()
optimizer = torch.optim.SGD(model.parameters(), lr=0.02, momentum=0.9)
scheduler = MultiStepLR(optimizer, milestones=[200000, 400000], gamma=0.1)
scaler = torch.cuda.amp.GradScaler()
for it, (planes, policy, value) in enumerate(train_loader):
    scheduler.step()  # expect: LR010
    optimizer.zero_grad()
    loss = model.loss(planes, policy, value)
    if args.amp:
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    else:
        loss.backward()
        optimizer.step()
