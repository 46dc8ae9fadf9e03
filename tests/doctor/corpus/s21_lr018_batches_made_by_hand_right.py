# Right: the batches are made by hand from the encoded texts and the loader hands them on one by one
# (batch_size=None): `len(batches)` counts batches, not examples.
import torch
from torch.utils.data import DataLoader
from transformers import get_linear_schedule_with_warmup

optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
batches = [encode(texts[i:i + 32]) for i in range(0, len(texts), 32)]
loader = DataLoader(batches, batch_size=None, shuffle=True)
scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=10, num_training_steps=len(batches) * 3)
for epoch in range(3):
    for batch in loader:
        optimizer.zero_grad()
        model(**batch).loss.backward()
        optimizer.step()
        scheduler.step()
