# SequentialLR([LambdaLR `epoch / WARMUP`, cosine]) stepped once per epoch by hand: the first epoch trains at LR 0.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LambdaLR, SequentialLR

EPOCHS, WARMUP = 100, 5
model = torch.nn.Linear(64, 10)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
warm = LambdaLR(optimizer, lambda epoch: epoch / WARMUP)  # expect: LR044
cos = CosineAnnealingLR(optimizer, T_max=EPOCHS - WARMUP)
scheduler = SequentialLR(optimizer, [warm, cos], milestones=[WARMUP])
for epoch in range(EPOCHS):
    for x, y in train_loader:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    scheduler.step()
