# The schedule counts examples, and the loader hands out one example per batch (batch_size=1): examples and
# optimizer steps are one count. The script steps it after every update.
import torch
from torch.utils.data import DataLoader, TensorDataset
from transformers import get_linear_schedule_with_warmup

train_dataset = TensorDataset(torch.randn(500, 16), torch.randint(0, 2, (500,)))
loader = DataLoader(train_dataset, batch_size=1, shuffle=True)
clf = torch.nn.Linear(16, 2)
optimizer = torch.optim.AdamW(clf.parameters(), lr=1e-4)
epochs = 4
scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=50,
                                            num_training_steps=len(train_dataset) * epochs)
for epoch in range(epochs):
    for x, y in loader:
        torch.nn.functional.cross_entropy(clf(x), y).backward()
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
