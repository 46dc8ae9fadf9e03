# Right: a warm-up switched by hand to a cosine that is given the epochs left after the warm-up.
import torch

EPOCHS = 60
WARMUP_EPOCHS = 6


def fit(net, loader):
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=0.05)
    warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=WARMUP_EPOCHS)
    decay = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=EPOCHS - WARMUP_EPOCHS, eta_min=1e-6)
    for ep in range(EPOCHS):
        for batch in loader:
            opt.zero_grad()
            net.loss(batch).backward()
            opt.step()
        if ep < WARMUP_EPOCHS:
            warm.step()
        else:
            decay.step()
