# Right: the detection references' warm-up, a LambdaLR that ramps linearly from a start factor (named
# `warmup_factor`) to 1 over `warmup_iters` batches of the first epoch and then holds 1. No drop at the handover:
# `warmup_factor` is a factor, not a length.
import torch


def make_warmup(optimizer, warmup_iters, warmup_factor):
    def factor(it):
        if it >= warmup_iters:
            return 1
        frac = float(it) / warmup_iters
        return warmup_factor * (1 - frac) + frac

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


def train_one_epoch(model, optimizer, loader, epoch):
    model.train()
    warm = None
    if epoch == 0:
        warm = make_warmup(optimizer, min(1000, len(loader) - 1), 1.0 / 1000)
    for images, targets in loader:
        loss = sum(model(images, targets).values())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if warm is not None:
            warm.step()
