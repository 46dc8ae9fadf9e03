# Right: transformers' warm-up stepped every batch; a per-epoch schedule with no warm-up; full-batch training, where
# one step per epoch is one update.
import torch
from transformers import get_cosine_schedule_with_warmup, get_linear_schedule_with_warmup


def per_batch(model, loader, epochs=3):
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    total = len(loader) * epochs
    scheduler = get_linear_schedule_with_warmup(optimizer, int(0.1 * total), total)
    for epoch in range(epochs):
        for batch in loader:
            optimizer.zero_grad()
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()


def per_epoch_no_warmup(model, loader, epochs=10):
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=0, num_training_steps=epochs)
    for epoch in range(epochs):
        for batch in loader:
            optimizer.zero_grad()
            model(**batch).loss.backward()
            optimizer.step()
        scheduler.step()


def full_batch(model, X, Y, epochs=2000):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = get_cosine_schedule_with_warmup(optimizer, num_warmup_steps=100, num_training_steps=epochs)
    for epoch in range(epochs):
        optimizer.zero_grad()
        torch.nn.functional.mse_loss(model(X), Y).backward()
        optimizer.step()
        scheduler.step()
