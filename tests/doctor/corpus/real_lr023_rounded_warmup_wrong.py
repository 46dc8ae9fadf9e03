# A warmup of 5% of a 10-epoch run: int(0.05 * 10) is 0, so SequentialLR switches at milestone 0 and the warmup
# never runs (torch < 2.13 also started the run from the warmup's start LR; pytorch issue 185872).
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR

EPOCHS = 10
WARMUP_EPOCHS = int(0.05 * EPOCHS)


def train(model, loader):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    warmup = LinearLR(optimizer, start_factor=0.01, total_iters=WARMUP_EPOCHS)
    cosine = CosineAnnealingLR(optimizer, T_max=EPOCHS - WARMUP_EPOCHS)
    scheduler = SequentialLR(optimizer, [warmup, cosine], milestones=[WARMUP_EPOCHS])  # expect: LR023
    for epoch in range(EPOCHS):
        for x, y in loader:
            loss = torch.nn.functional.cross_entropy(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        scheduler.step()
