# A factory chains ConstantLR (default total_iters=5) into the decay with milestones=[WARMUP_EPOCHS] = 10:
# the warm phase ends at 5 and the LR sits flat at the peak for 5 more epochs before the decay starts.
import torch
from torch.optim import lr_scheduler

EPOCHS = 90
WARMUP_EPOCHS = 10


def build_scheduler(optimizer):
    warm = lr_scheduler.ConstantLR(optimizer, factor=0.1)
    decay = lr_scheduler.CosineAnnealingLR(optimizer, T_max=EPOCHS - WARMUP_EPOCHS)
    return lr_scheduler.SequentialLR(optimizer, [warm, decay], milestones=[WARMUP_EPOCHS])  # expect: LR006


def train(model, loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.2, momentum=0.9, weight_decay=1e-4)
    scheduler = build_scheduler(optimizer)
    for epoch in range(EPOCHS):
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()
