# Wrong: the project's factory (another module, not read) takes transformers' `num_training_steps`, a count of
# scheduler steps, but is given the epoch count; the scheduler is stepped after every batch, so its 50 steps are
# spent within the first epochs and the rest of the run sits at the schedule's end.
import torch

from utils.optim import build_optimizer_and_scheduler

epochs = 50
optimizer, scheduler = build_optimizer_and_scheduler(model, lr=1e-5, num_warmup_steps=0,
                                                     num_training_steps=epochs)
for epoch in range(epochs):
    for batch in train_loader:
        loss = model(**batch).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        if scheduler is not None:
            scheduler.step()  # expect: LR001
