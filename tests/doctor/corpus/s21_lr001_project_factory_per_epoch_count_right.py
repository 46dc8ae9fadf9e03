# Right: the factory is given the epochs and the batches of one epoch (`steps_per_epoch=`); it may well size the
# schedule as their product, so the epoch count in `total_steps=` shows no slip.
import torch

from utils.optim import make_scheduler

epochs = 30
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
scheduler = make_scheduler(optimizer, total_steps=epochs, steps_per_epoch=len(train_loader))
for epoch in range(epochs):
    for batch in train_loader:
        model(**batch).loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        scheduler.step()
