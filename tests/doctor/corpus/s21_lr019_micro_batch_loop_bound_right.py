# Right: the same loop, with the schedule sized in optimizer updates: the iterations divided by the accumulation.
import torch
from transformers import get_linear_schedule_with_warmup

ACCUM = 4
EPOCHS = 20
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
steps_per_epoch = len(tokens) // (BATCH_SIZE * BLOCK_SIZE)
total_steps = EPOCHS * steps_per_epoch // ACCUM
scheduler = get_linear_schedule_with_warmup(optimizer, int(0.01 * total_steps), total_steps)
for ep in range(EPOCHS):
    for step in range(steps_per_epoch):
        xb, yb = random_batch(tokens)
        (loss_fn(model(xb), yb) / ACCUM).backward()
        if (step + 1) % ACCUM == 0:
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
