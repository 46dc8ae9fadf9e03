# Right: schedule-free at a constant LR; a cosine on an ordinary AdamW.
import schedulefree
import torch


def a(model, loader, epochs):
    opt = schedulefree.AdamWScheduleFree(model.parameters(), lr=1e-3, warmup_steps=100)
    for epoch in range(epochs):
        opt.train()
        for x, y in loader:
            opt.step()
        opt.eval()


def b(model, loader, epochs):
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs)
    for epoch in range(epochs):
        for x, y in loader:
            opt.step()
        sched.step()
