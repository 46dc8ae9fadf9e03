# The scheduler is built on the optimizer before accelerator.prepare rebinds the name: the prepared optimizer wraps
# the same param_groups (accelerate's AcceleratedOptimizer), so the scheduler drives the optimizer that steps.
import torch
from accelerate import Accelerator
from transformers import get_scheduler


def main(model, train_dataloader, num_epochs=3):
    accelerator = Accelerator()
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    num_training_steps = num_epochs * len(train_dataloader)
    lr_scheduler = get_scheduler("linear", optimizer=optimizer, num_warmup_steps=100,
                                 num_training_steps=num_training_steps)
    model, optimizer, train_dataloader, lr_scheduler = accelerator.prepare(
        model, optimizer, train_dataloader, lr_scheduler)
    model.train()
    for epoch in range(num_epochs):
        for batch in train_dataloader:
            loss = model(**batch).loss
            accelerator.backward(loss)
            optimizer.step()
            lr_scheduler.step()
            optimizer.zero_grad()
