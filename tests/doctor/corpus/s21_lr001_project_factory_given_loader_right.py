# Right: the project's factory is handed the training loader with the epoch count: it can size the schedule as
# epochs * len(loader) itself, so the epochs in its `total_steps=` are no slip that can be seen here.
import torch

from utils.optim import make_optimizer_and_scheduler

epochs = 40
optimizer, scheduler = make_optimizer_and_scheduler(model, train_loader, lr=1e-4, total_steps=epochs)
for epoch in range(epochs):
    for batch in train_loader:
        model(**batch).loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        scheduler.step()
