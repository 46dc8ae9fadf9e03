# The same config-chosen ChainedScheduler that rebinds the option's name, stepped once per epoch: the warm-up and
# the cosine both run.
import torch
from torch.optim.lr_scheduler import ChainedScheduler, CosineAnnealingLR, LinearLR


def main(cfg, model, train_dl):
    epochs = cfg["train"]["epochs"]
    warmup = cfg["optim"]["warmup"]
    sched = cfg["optim"]["scheduler"]
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg["optim"]["lr"])
    if sched == "cosine":
        warm = LinearLR(optimizer, start_factor=1 / warmup, total_iters=warmup)
        sched = CosineAnnealingLR(optimizer, T_max=epochs - warmup)
        sched = ChainedScheduler([warm, sched])
    elif sched is None:
        sched = None
    else:
        raise ValueError(f"unknown scheduler: {sched}")
    for epoch in range(epochs):
        for images, texts in train_dl:
            optimizer.zero_grad()
            loss = model(images, texts)
            loss.backward()
            optimizer.step()
        if sched is not None:
            sched.step()
        torch.save({"model": model.state_dict(), "sched": sched.state_dict()}, f"ckpt_{epoch}.pt")
