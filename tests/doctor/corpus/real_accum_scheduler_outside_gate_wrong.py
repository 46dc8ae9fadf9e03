# Wrong: the schedule is sized in optimizer updates (batches divided by the accumulation) but stepped on every
# batch, outside the gate under which the optimizer steps: it runs accum times too fast and ends (LR 0 for the
# linear decay; OneCycle raises) after a quarter of the run.
import math

import torch
from torch.optim.lr_scheduler import OneCycleLR
from transformers import get_linear_schedule_with_warmup


def train(model, train_dataloader, num_epochs=3, gradient_accumulation_steps=4):
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    num_update_steps_per_epoch = math.ceil(len(train_dataloader) / gradient_accumulation_steps)
    lr_scheduler = get_linear_schedule_with_warmup(  # expect: LR013
        optimizer, num_warmup_steps=100, num_training_steps=num_epochs * num_update_steps_per_epoch)
    for epoch in range(num_epochs):
        for step, batch in enumerate(train_dataloader):
            loss = model(**batch).loss / gradient_accumulation_steps
            loss.backward()
            if (step + 1) % gradient_accumulation_steps == 0:
                optimizer.step()
                optimizer.zero_grad()
            lr_scheduler.step()


def fit(model, loader, epochs=20, accum_iter=8):
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    sched = OneCycleLR(opt, max_lr=0.1, epochs=epochs, steps_per_epoch=len(loader) // accum_iter)  # expect: LR013
    for epoch in range(epochs):
        for i, (x, y) in enumerate(loader):
            (torch.nn.functional.cross_entropy(model(x), y) / accum_iter).backward()
            if (i + 1) % accum_iter == 0:
                opt.step()
                opt.zero_grad()
            sched.step()
