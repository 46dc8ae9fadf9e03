# Right: a bagging ensemble with one model, optimizer, scheduler and loader each, trained in a zip over the
# lists; the schedules are sized in batches of each model's loader times the epochs, and stepped
# once per batch.
import torch
from torch.utils.data import DataLoader, Subset
from transformers import get_linear_schedule_with_warmup

EPOCHS, N_MODELS, BATCH = 20, 5, 16


def train_round(models, loaders, optimizers, schedulers):
    for loader, model, optimizer, scheduler in zip(loaders, models, optimizers, schedulers):
        for batch in loader:
            optimizer.zero_grad()
            loss = model(**batch).loss
            loss.backward()
            optimizer.step()
            scheduler.step()


models = [make_model() for _ in range(N_MODELS)]
optimizers = [torch.optim.AdamW(m.parameters(), lr=2e-5) for m in models]
total_steps = len(train_dataset) // N_MODELS // BATCH * EPOCHS
schedulers = [get_linear_schedule_with_warmup(o, num_warmup_steps=0, num_training_steps=total_steps)
              for o in optimizers]
loaders = [DataLoader(Subset(train_dataset, part), batch_size=BATCH, shuffle=True) for part in parts]
for epoch in range(EPOCHS):
    train_round(models, loaders, optimizers, schedulers)
