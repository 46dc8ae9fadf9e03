# A dict names the phases of one schedule, and SequentialLR chains both: every constructor is meant to
# run (LinearLR's start factor is the warm-up's first LR), and each key is read, so it is not a menu.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR

EPOCHS, WARMUP = 40, 3
model = torch.nn.Linear(16, 4)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
phases = {
    "warmup": LinearLR(optimizer, start_factor=0.1, total_iters=WARMUP),
    "decay": CosineAnnealingLR(optimizer, T_max=EPOCHS - WARMUP),
}
scheduler = SequentialLR(optimizer, [phases["warmup"], phases["decay"]], milestones=[WARMUP])
data = [(torch.randn(8, 16), torch.randint(0, 4, (8,))) for _ in range(10)]
for epoch in range(EPOCHS):
    for x, y in data:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    scheduler.step()
