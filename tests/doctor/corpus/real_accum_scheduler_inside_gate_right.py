# Right: a schedule sized in updates stepped with the optimizer under the accumulation gate; one sized in batches
# stepped every batch (it counts batches on purpose); and accelerate's accumulate(), which advances the prepared
# scheduler only on synchronised steps.
import math

import torch
from accelerate import Accelerator
from transformers import get_linear_schedule_with_warmup


def train(model, train_dataloader, num_epochs=3, gradient_accumulation_steps=4):
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    num_update_steps_per_epoch = math.ceil(len(train_dataloader) / gradient_accumulation_steps)
    lr_scheduler = get_linear_schedule_with_warmup(
        optimizer, num_warmup_steps=100, num_training_steps=num_epochs * num_update_steps_per_epoch)
    for epoch in range(num_epochs):
        for step, batch in enumerate(train_dataloader):
            loss = model(**batch).loss / gradient_accumulation_steps
            loss.backward()
            if (step + 1) % gradient_accumulation_steps == 0:
                optimizer.step()
                lr_scheduler.step()
                optimizer.zero_grad()


def per_batch(model, loader, epochs=3, accum=4):
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    scheduler = get_linear_schedule_with_warmup(optimizer, 100, len(loader) * epochs)
    for epoch in range(epochs):
        for i, batch in enumerate(loader):
            (model(**batch).loss / accum).backward()
            if (i + 1) % accum == 0:
                optimizer.step()
                optimizer.zero_grad()
            scheduler.step()


def with_accelerate(model, loader, epochs=3, accum=4):
    accelerator = Accelerator(gradient_accumulation_steps=accum)
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    scheduler = get_linear_schedule_with_warmup(optimizer, 100, math.ceil(len(loader) / accum) * epochs)
    model, optimizer, loader, scheduler = accelerator.prepare(model, optimizer, loader, scheduler)
    for epoch in range(epochs):
        for batch in loader:
            with accelerator.accumulate(model):
                accelerator.backward(model(**batch).loss)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
