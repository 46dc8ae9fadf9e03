# Right: the epoch count is read first and the schedule plans every epoch of batches.
import torch
from torch.utils.data import DataLoader
from transformers import get_linear_schedule_with_warmup

train_loader = DataLoader(train_set, batch_size=32, shuffle=True)
model = Classifier()
optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
n_epochs = int(input("epochs: "))
scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=0, num_training_steps=len(train_loader) * n_epochs)
for epoch in range(n_epochs):
    model.train()
    for batch in train_loader:
        loss = model(**batch).loss
        loss.backward()
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
