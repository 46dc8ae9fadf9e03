# Wrong: the schedule counts every iteration of the micro-batch loop (EPOCHS * steps_per_epoch), but it is
# stepped with the optimizer only every ACCUM iterations: a quarter of it is used, the warm-up lasts four times
# longer than meant and the LR ends near 75% of its peak.
import torch
from transformers import get_linear_schedule_with_warmup

ACCUM = 4
EPOCHS = 20
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
steps_per_epoch = len(tokens) // (BATCH_SIZE * BLOCK_SIZE)
total_steps = EPOCHS * steps_per_epoch
scheduler = get_linear_schedule_with_warmup(optimizer, int(0.01 * total_steps), total_steps)  # expect: LR019
for ep in range(EPOCHS):
    for step in range(steps_per_epoch):
        xb, yb = random_batch(tokens)
        (loss_fn(model(xb), yb) / ACCUM).backward()
        if (step + 1) % ACCUM == 0:
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
