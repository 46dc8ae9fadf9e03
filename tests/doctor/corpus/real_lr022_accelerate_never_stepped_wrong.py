# The scheduler goes through accelerator.prepare but accelerate never steps it by itself: nobody calls step().
import torch
from accelerate import Accelerator
from transformers import get_cosine_schedule_with_warmup


def main(model, train_dataloader, num_epochs=3):
    accelerator = Accelerator(mixed_precision="fp16")
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    total = num_epochs * len(train_dataloader)
    lr_scheduler = get_cosine_schedule_with_warmup(optimizer, int(0.05 * total), total)  # expect: LR022
    model, optimizer, train_dataloader, lr_scheduler = accelerator.prepare(
        model, optimizer, train_dataloader, lr_scheduler)
    for epoch in range(num_epochs):
        model.train()
        for batch in train_dataloader:
            outputs = model(**batch)
            accelerator.backward(outputs.loss)
            optimizer.step()
            optimizer.zero_grad()
