# Wrong: transformers' cosine factory copied into the project's own module is called with the run length as
# both the warmup and the run: the warmup takes the whole run and the cosine never starts.
import torch

from schedulers import get_cosine_schedule_with_warmup


def train(model, loader, max_epochs=10):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    total_steps = max_epochs * len(loader)
    scheduler = get_cosine_schedule_with_warmup(optimizer, total_steps, total_steps)  # expect: LR017
    for epoch in range(max_epochs):
        for batch in loader:
            loss = model(**batch).loss
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
