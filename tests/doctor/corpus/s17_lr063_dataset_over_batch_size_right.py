# Right: examples over the batch size (len(train_dataset) // batch_size) is one epoch of batches; the DataLoader's
# own length would be the same count.
import torch
from torch.utils.data import DataLoader
from transformers import get_linear_schedule_with_warmup

batch_size = 16
epochs = 3
train_loader = DataLoader(train_dataset, batch_size=batch_size, shuffle=True)
optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
steps_per_epoch = len(train_dataset) // batch_size
total_steps = steps_per_epoch * epochs
scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=total_steps // 10, num_training_steps=total_steps)
for epoch in range(epochs):
    for batch in train_loader:
        optimizer.zero_grad()
        model(**batch).loss.backward()
        optimizer.step()
        scheduler.step()
