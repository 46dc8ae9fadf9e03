# Right: a helper of the file hands back two DataLoaders that the caller names *_dataset; len() of them counts
# batches, so the per-step schedule's length is in batches.
import torch
from torch.utils.data import DataLoader
from transformers import get_linear_schedule_with_warmup


def load_dataset(train_set, test_set, batch_size=2):
    return DataLoader(train_set, batch_size=batch_size, shuffle=True), DataLoader(test_set, batch_size=batch_size)


def fit(model, train_set, test_set, epochs=7):
    train_dataset, test_dataset = load_dataset(train_set, test_set)
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    total_steps = len(train_dataset) * epochs
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=100, num_training_steps=total_steps)
    for _ in range(epochs):
        for x, y in train_dataset:
            optimizer.zero_grad()
            model(x, labels=y).loss.backward()
            optimizer.step()
            scheduler.step()
