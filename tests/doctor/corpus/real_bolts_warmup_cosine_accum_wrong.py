# Lightning Bolts' LinearWarmupCosineAnnealingLR sized in batches (len(loader) * epochs) but stepped once per
# accumulated update, every 3 batches: it covers a third of its schedule.
import torch
from pl_bolts.optimizers.lr_scheduler import LinearWarmupCosineAnnealingLR

EPOCHS, WARMUP_EPOCHS, ACCUM = 30, 2, 3


def train(model, train_loader):
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    scheduler = LinearWarmupCosineAnnealingLR(optimizer, len(train_loader) * WARMUP_EPOCHS,  # expect: LR019
                                              len(train_loader) * EPOCHS)
    for epoch in range(EPOCHS):
        for i, (x, y) in enumerate(train_loader):
            (model(x, y) / ACCUM).backward()
            if (i + 1) % ACCUM == 0:
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
