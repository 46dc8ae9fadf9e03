# The warm-up and the decay are combined under the name the decay had (`scheduler = SequentialLR(opt,
# [warmup, scheduler], ...)`); the combined scheduler is only printed and logged, never stepped, so the run keeps
# the warm-up's first factor (lr * 0.01) throughout.
import torch
from torch import nn, optim

model = nn.Linear(32, 4)
EPOCHS, WARMUP = 60, 3
optimizer = optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
warmup = optim.lr_scheduler.LinearLR(optimizer, start_factor=0.01, total_iters=WARMUP)
scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=EPOCHS - WARMUP)
scheduler = optim.lr_scheduler.SequentialLR(optimizer, [warmup, scheduler], milestones=[WARMUP])  # expect: LR022
print(f"using {scheduler}")

for epoch in range(EPOCHS):
    for x, y in train_loader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    print(f"epoch {epoch} lr {optimizer.param_groups[0]['lr']:.5f}")
