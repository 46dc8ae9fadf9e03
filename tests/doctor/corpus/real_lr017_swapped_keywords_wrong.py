# transformers.optimization import; the keywords are swapped: num_warmup_steps gets the run, num_training_steps 6% of it.
import torch
from transformers.optimization import get_cosine_schedule_with_warmup


def train(model, train_loader, epochs=10):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.05)
    total_steps = epochs * len(train_loader)
    warmup_steps = int(0.06 * total_steps)
    scheduler = get_cosine_schedule_with_warmup(  # expect: LR017
        optimizer, num_warmup_steps=total_steps, num_training_steps=warmup_steps)
    for epoch in range(epochs):
        for batch in train_loader:
            loss = model(**batch).loss
            loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
