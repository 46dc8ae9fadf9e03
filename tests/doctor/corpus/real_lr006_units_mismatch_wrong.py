# The warmup lasts WARMUP_EPOCHS * len(loader) steps but SequentialLR hands over at WARMUP_EPOCHS (steps, since it is
# stepped per batch): the cosine takes over in the first batches of the warmup.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR

EPOCHS = 40
WARMUP_EPOCHS = 2


def train(model, loader):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
    warmup = LinearLR(optimizer, start_factor=1e-3, total_iters=WARMUP_EPOCHS * len(loader))
    cosine = CosineAnnealingLR(optimizer, T_max=(EPOCHS - WARMUP_EPOCHS) * len(loader))
    scheduler = SequentialLR(optimizer, [warmup, cosine], milestones=[WARMUP_EPOCHS])  # expect: LR006
    for epoch in range(EPOCHS):
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
