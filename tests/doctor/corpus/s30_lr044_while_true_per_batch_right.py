# Right: `while True:` around the passes over the loader, but the warm-up `step / warmup_steps` is stepped after every
# batch inside the pass: its factor 0 costs one update, not an epoch (the while loop is the epoch loop, the step
# runs in the batch loop).
import torch
from torch.utils.data import DataLoader

warmup_steps, max_steps = 500, 20000
loader = DataLoader(dataset, batch_size=16, shuffle=True)
net = Net()
optimizer = torch.optim.Adam(net.parameters(), lr=1e-4)
scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: min(1.0, step / warmup_steps))
step = 0
while True:
    for images, masks in loader:
        optimizer.zero_grad()
        net.loss(images, masks).backward()
        optimizer.step()
        scheduler.step()
        step += 1
    if step >= max_steps:
        break
