# Wrong: the linear schedule plans len(train_loader) steps (one epoch of batches) and is stepped every batch of a
# loop over an epoch count typed in at run time: from the second epoch on the factor stays at 0.
import torch
from torch.utils.data import DataLoader
from transformers import get_linear_schedule_with_warmup

train_loader = DataLoader(train_set, batch_size=32, shuffle=True)
model = Classifier()
optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=0, num_training_steps=len(train_loader))  # expect: LR013
n_epochs = int(input("epochs: "))
for epoch in range(n_epochs):
    model.train()
    for batch in train_loader:
        loss = model(**batch).loss
        loss.backward()
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
