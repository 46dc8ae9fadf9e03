# Right: a plain settings class read through the class itself (`Hyper.grad_accum`); its accumulation of 1 makes
# every batch an update, and accelerate advances the prepared scheduler on each of them.
import torch
from accelerate import Accelerator
from transformers import get_cosine_schedule_with_warmup


class Hyper:
    epochs = 30
    grad_accum = 1
    warmup = 200


def main(model, train_dl):
    accelerator = Accelerator(gradient_accumulation_steps=Hyper.grad_accum)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    scheduler = get_cosine_schedule_with_warmup(optimizer, num_warmup_steps=Hyper.warmup,
                                                num_training_steps=len(train_dl) * Hyper.epochs)
    model, optimizer, train_dl, scheduler = accelerator.prepare(model, optimizer, train_dl, scheduler)
    for _ in range(Hyper.epochs):
        for batch in train_dl:
            with accelerator.accumulate(model):
                accelerator.backward(model(**batch).loss)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
