# A decaying schedule on a schedule-free optimizer.
import schedulefree
import torch
from transformers import get_cosine_schedule_with_warmup


def a(model, loader, epochs):
    opt = schedulefree.AdamWScheduleFree(model.parameters(), lr=1e-3, warmup_steps=100)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs)  # expect: LR011
    for epoch in range(epochs):
        opt.train()
        for x, y in loader:
            opt.step()
        sched.step()
        opt.eval()


def b(model, loader, total_steps):
    opt = schedulefree.SGDScheduleFree(model.parameters(), lr=0.1)
    sched = get_cosine_schedule_with_warmup(opt, 100, total_steps)  # expect: LR011
    opt.train()
    for x, y in loader:
        opt.step()
        sched.step()
    opt.eval()
