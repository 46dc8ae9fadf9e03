# A literal-period `if` that only logs: the optimizer and the scheduler step on every batch, so a schedule sized
# epochs * len(loader) is consumed exactly.
import torch
from transformers import get_linear_schedule_with_warmup

EPOCHS = 3
model = torch.nn.Linear(768, 2)
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5)
scheduler = get_linear_schedule_with_warmup(optimizer, 100, len(train_loader) * EPOCHS)
for epoch in range(EPOCHS):
    for step, (x, y) in enumerate(train_loader, start=1):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        if step % 100 == 0:
            print(f"step {step}: loss {loss.item():.4f}, lr {scheduler.get_last_lr()[0]:.2e}")
