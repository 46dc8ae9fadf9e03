# A module-level loop that accumulates 8 batches per update (`if step % 8 == 0`) and steps the linear schedule
# with the optimizer; the schedule counts every batch of every epoch, so it ends at 7/8 of its peak.
import torch
from transformers import get_linear_schedule_with_warmup

EPOCHS = 3
model = torch.nn.Linear(768, 2)
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5)
scheduler = get_linear_schedule_with_warmup(optimizer, 100, len(train_loader) * EPOCHS)  # expect: LR019
for epoch in range(EPOCHS):
    for step, (x, y) in enumerate(train_loader, start=1):
        loss = torch.nn.functional.cross_entropy(model(x), y) / 8
        loss.backward()
        if step % 8 == 0:
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
