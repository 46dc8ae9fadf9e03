# Wrong: the warmup_scheduler package's GradualWarmupScheduler warms up for 20 epochs and hands over to a cosine
# of 100 epochs, but the loop runs 300 epochs: after epoch 120 the cosine climbs back up and cycles.
import torch
from warmup_scheduler import GradualWarmupScheduler

EPOCHS = 300


def fit(model, loader):
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4)
    cosine = torch.optim.lr_scheduler.CosineAnnealingLR(opt, 100, eta_min=1e-6)
    sched = GradualWarmupScheduler(opt, multiplier=1, total_epoch=20, after_scheduler=cosine)  # expect: LR013
    for epoch in range(EPOCHS):
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            opt.step()
        sched.step()
