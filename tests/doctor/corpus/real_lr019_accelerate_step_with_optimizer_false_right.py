# Accelerator(step_scheduler_with_optimizer=False): the prepared scheduler steps exactly once per call
# (AcceleratedScheduler.step), so a scheduler stepped every batch is sized in per-process batches, counted on
# the prepared loader, even with gradient accumulation.
import torch
from accelerate import Accelerator
from torch.optim.lr_scheduler import CosineAnnealingLR


def main(model, train_dataloader, num_epochs=10, accumulation=4):
    accelerator = Accelerator(gradient_accumulation_steps=accumulation, step_scheduler_with_optimizer=False)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    model, optimizer, train_dataloader = accelerator.prepare(model, optimizer, train_dataloader)
    scheduler = CosineAnnealingLR(optimizer, T_max=num_epochs * len(train_dataloader))
    scheduler = accelerator.prepare(scheduler)
    for epoch in range(num_epochs):
        for batch in train_dataloader:
            with accelerator.accumulate(model):
                loss = model(**batch).loss
                accelerator.backward(loss)
                optimizer.step()
                optimizer.zero_grad()
            scheduler.step()
