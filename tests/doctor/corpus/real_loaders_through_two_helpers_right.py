# Right: a helper returns DataLoaders the caller names *_dataset and hands to a second helper that sizes the
# schedule with len(train_dataset) * epochs: batches, since the names hold loaders.
import torch
from torch.utils.data import DataLoader
from transformers import get_linear_schedule_with_warmup


def getting_data(train_set, val_set, batch_size=8):
    train_dataset = DataLoader(train_set, batch_size=batch_size, shuffle=True)
    val_dataset = DataLoader(val_set, batch_size=batch_size)
    return train_dataset, val_dataset


def initialize_opt_sched(model, train_dataset, epochs):
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5)
    total_steps = len(train_dataset) * epochs
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=0, num_training_steps=total_steps)
    return optimizer, scheduler


def train_evaluation(model, train_set, val_set, epochs=3):
    train_dataset, val_dataset = getting_data(train_set, val_set)
    optimizer, scheduler = initialize_opt_sched(model, train_dataset, epochs)
    for epoch in range(epochs):
        for x, y in train_dataset:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
