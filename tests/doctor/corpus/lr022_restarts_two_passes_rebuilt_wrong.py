# Wrong: a warm-restart cosine of two passes (T_0=2 * len(loader)) rebuilt every epoch: each new one starts its
# cycle again, so the second half of the cycle (the low LRs) is never reached.
import torch

opt = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(30):
    sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=2 * len(loader))  # expect: LR022
    for x, y in loader:
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
        sched.step()
