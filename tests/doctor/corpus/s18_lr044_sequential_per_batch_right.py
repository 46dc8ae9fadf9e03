# SequentialLR([LambdaLR `step / warmup_steps`, cosine]) stepped after every optimizer step: the factor 0 of step 0
# costs one update, not an epoch.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LambdaLR, SequentialLR


def fit(model, train_loader, epochs=30, warmup_steps=500):
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    total = epochs * len(train_loader)
    warm = LambdaLR(optimizer, lambda step: step / warmup_steps)
    cos = CosineAnnealingLR(optimizer, T_max=total - warmup_steps)
    scheduler = SequentialLR(optimizer, [warm, cos], milestones=[warmup_steps])
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
            scheduler.step()
