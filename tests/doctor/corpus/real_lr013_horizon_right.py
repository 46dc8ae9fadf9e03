# Schedules sized for the loop they run in, and a resumed loop whose length depends on the start epoch.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR
from transformers import get_linear_schedule_with_warmup

EPOCHS = 15


def per_epoch(model, loader):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = CosineAnnealingLR(opt, T_max=EPOCHS)
    warm = LinearLR(opt, start_factor=0.1, total_iters=3)
    for epoch in range(EPOCHS):
        for x, y in loader:
            opt.zero_grad()
            model(x, y).backward()
            opt.step()
        sched.step()
        warm.step()


def per_batch(model, train_loader, start_epoch):
    opt = torch.optim.AdamW(model.parameters(), lr=2e-5)
    total_steps = len(train_loader) * EPOCHS
    sched = get_linear_schedule_with_warmup(opt, 100, total_steps)
    for epoch in range(start_epoch, EPOCHS):
        for batch in train_loader:
            opt.zero_grad()
            model(**batch).loss.backward()
            opt.step()
            sched.step()
