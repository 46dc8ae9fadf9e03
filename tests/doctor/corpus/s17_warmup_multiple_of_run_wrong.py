# Wrong: the warmup is the run of one epoch of batches times the number of epochs, and the run length is one
# epoch of batches: the warmup is a multiple of the run, the two look swapped (LR017).
import torch
from transformers import get_linear_schedule_with_warmup


def build(model, train_loader, num_epochs=3):
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    steps = len(train_loader)
    warmup = steps * num_epochs
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=warmup, num_training_steps=steps)  # expect: LR017
    return optimizer, scheduler
