# Right: a plateau stepped every iteration of a full-batch optimization (the inputs themselves are optimized on one
# fixed problem): each pass computes the loss on the same data, so the loss is no noisy batch loss.
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


def optimize_inputs(model, feats_init, targets, weights, n_iters=256):
    model.eval()
    feats = feats_init.clone().requires_grad_(True)
    optimizer = torch.optim.Adam([feats], lr=1e-1)
    scheduler = ReduceLROnPlateau(optimizer, factor=0.1, patience=3, min_lr=1e-3)
    for it in range(n_iters):
        optimizer.zero_grad()
        loss = torch.mean(weights * (model(feats) - targets) ** 2)
        loss.backward()
        optimizer.step()
        scheduler.step(loss)
        print(f"iter {it}: {loss.item():.4f}")
    return feats.detach()
