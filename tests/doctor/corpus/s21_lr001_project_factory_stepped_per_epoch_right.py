# Right: an epoch count in the factory's `num_training_steps`, and the scheduler stepped once per epoch: one
# schedule step per epoch, as sized.
import torch

from utils.optim import build_optimizer_and_scheduler

epochs = 50
optimizer, scheduler = build_optimizer_and_scheduler(model, lr=1e-5, num_training_steps=epochs)
for epoch in range(epochs):
    for batch in train_loader:
        model(**batch).loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    scheduler.step()
