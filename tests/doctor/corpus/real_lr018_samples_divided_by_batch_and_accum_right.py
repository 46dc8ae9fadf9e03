# Updates per epoch from the dataset size: ceil(len(dataset) / (batch_size * accumulation)), stepped per update.
import math

import torch
from torch.utils.data import DataLoader
from transformers import get_cosine_schedule_with_warmup


def train(model, train_dataset, epochs=3, batch_size=16, accumulation=4):
    loader = DataLoader(train_dataset, batch_size=batch_size, shuffle=True, drop_last=True)
    updates_per_epoch = math.ceil(len(train_dataset) / (batch_size * accumulation))
    total = updates_per_epoch * epochs
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    scheduler = get_cosine_schedule_with_warmup(optimizer, int(0.1 * total), total)
    for epoch in range(epochs):
        for step, batch in enumerate(loader):
            (model(**batch).loss / accumulation).backward()
            if (step + 1) % accumulation == 0:
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
