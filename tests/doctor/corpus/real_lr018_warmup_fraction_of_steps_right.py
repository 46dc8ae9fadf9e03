# Right: the warmup is a tenth of a total counted in optimizer updates (batches per epoch over the
# accumulation, times epochs), for TrainingArguments and for a hand-stepped loop alike.
import math

import torch
from torch.utils.data import DataLoader
from transformers import Trainer, TrainingArguments, get_cosine_schedule_with_warmup


def with_trainer(model, train_dataset, num_epochs=3, batch_size=8, accum=4):
    updates_per_epoch = math.ceil(len(train_dataset) / (batch_size * accum))
    total = updates_per_epoch * num_epochs
    args = TrainingArguments(output_dir="out", num_train_epochs=num_epochs, per_device_train_batch_size=batch_size,
                             gradient_accumulation_steps=accum, warmup_steps=total // 10)
    Trainer(model=model, args=args, train_dataset=train_dataset).train()


def with_loop(model, train_dataset, epochs=3):
    loader = DataLoader(train_dataset, batch_size=64, shuffle=True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    total_steps = len(loader) * epochs
    scheduler = get_cosine_schedule_with_warmup(optimizer, int(0.05 * total_steps), total_steps)
    for epoch in range(epochs):
        for x, y in loader:
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
