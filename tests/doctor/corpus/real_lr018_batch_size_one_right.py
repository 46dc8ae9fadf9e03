# With batch_size=1 a loader yields one batch per example, so a length in examples is a length in batches.
import torch
from torch.utils.data import DataLoader
from transformers import get_linear_schedule_with_warmup


def train(model, train_dataset, epochs=3):
    loader = DataLoader(train_dataset, batch_size=1, shuffle=True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    scheduler = get_linear_schedule_with_warmup(optimizer, 100, len(train_dataset) * epochs)
    for epoch in range(epochs):
        for batch in loader:
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
