# Right: `updates_per_epoch` counts optimizer updates and the loop runs that many times ACCUM micro-batches, so
# EPOCHS * updates_per_epoch is the number of scheduler steps.
import torch
from transformers import get_linear_schedule_with_warmup

ACCUM = 4
EPOCHS = 20
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
updates_per_epoch = len(tokens) // (BATCH_SIZE * BLOCK_SIZE * ACCUM)
total_steps = EPOCHS * updates_per_epoch
scheduler = get_linear_schedule_with_warmup(optimizer, int(0.01 * total_steps), total_steps)
for ep in range(EPOCHS):
    for step in range(updates_per_epoch * ACCUM):
        xb, yb = random_batch(tokens)
        (loss_fn(model(xb), yb) / ACCUM).backward()
        if (step + 1) % ACCUM == 0:
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
