# The schedule ends before the loop does: a cosine with T_max=10 in a 15-epoch loop climbs back up, and a linear
# decay sized for 10 epochs of batches leaves 5 epochs at LR 0.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR
from transformers import get_linear_schedule_with_warmup

EPOCHS = 15


def per_epoch(model, loader):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = CosineAnnealingLR(opt, T_max=10)  # expect: LR013
    for epoch in range(EPOCHS):
        for x, y in loader:
            opt.zero_grad()
            model(x, y).backward()
            opt.step()
        sched.step()


def per_batch(model, train_loader):
    opt = torch.optim.AdamW(model.parameters(), lr=2e-5)
    total_steps = len(train_loader) * 10
    sched = get_linear_schedule_with_warmup(opt, 100, total_steps)  # expect: LR013
    for epoch in range(EPOCHS):
        for batch in train_loader:
            opt.zero_grad()
            model(**batch).loss.backward()
            opt.step()
            sched.step()
