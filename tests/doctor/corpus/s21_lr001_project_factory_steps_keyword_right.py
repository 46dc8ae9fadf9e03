# Right: the same factory given the number of batches of the whole run, stepped after every batch.
import torch

from utils.optim import build_optimizer_and_scheduler

epochs = 50
optimizer, scheduler = build_optimizer_and_scheduler(model, lr=1e-5, num_warmup_steps=0,
                                                     num_training_steps=epochs * len(train_loader))
for epoch in range(epochs):
    for batch in train_loader:
        loss = model(**batch).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        scheduler.step()
