# Right: the warmup is one epoch of batches computed from the examples (len(dataset) // 32 with the
# loader's batch size of 32): a division by a batch size counts batches, not a fraction of examples.
import torch
from torch.utils.data import DataLoader
from transformers import get_linear_schedule_with_warmup


def fit(model, train_ds, epochs=5):
    loader = DataLoader(train_ds, batch_size=32, shuffle=True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    warmup_steps = len(train_ds) // 32
    scheduler = get_linear_schedule_with_warmup(optimizer, warmup_steps, len(loader) * epochs)
    for epoch in range(epochs):
        for batch in loader:
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
