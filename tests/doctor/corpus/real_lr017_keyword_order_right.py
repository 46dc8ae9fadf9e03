# Keywords in the "other" order are still right (num_training_steps first, num_warmup_steps second); and
# pytorch_transformers' WarmupLinearSchedule(optimizer, warmup_steps, t_total) in its positional order.
import torch
from pytorch_transformers import WarmupLinearSchedule
from transformers import get_linear_schedule_with_warmup


def train(model, train_loader, epochs=3):
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5)
    t_total = len(train_loader) * epochs
    warmup_steps = int(0.1 * t_total)
    scheduler = get_linear_schedule_with_warmup(optimizer, num_training_steps=t_total, num_warmup_steps=warmup_steps)
    for epoch in range(epochs):
        for batch in train_loader:
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()


def train_old(model, train_loader, epochs=3):
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5)
    t_total = len(train_loader) * epochs
    scheduler = WarmupLinearSchedule(optimizer, int(0.1 * t_total), t_total)
    for epoch in range(epochs):
        for batch in train_loader:
            model(**batch)[0].backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
