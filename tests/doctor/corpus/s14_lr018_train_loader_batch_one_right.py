# Graph-style training one example at a time: the training loader has batch_size=1, so len(train_set) * epochs
# is the number of steps; the evaluation loader batches 64 examples, which does not change the training count.
import torch
from torch.utils.data import DataLoader
from transformers import get_linear_schedule_with_warmup


def train(model, train_set, val_set, epochs=10):
    train_loader = DataLoader(train_set, batch_size=1, shuffle=True)
    val_loader = DataLoader(val_set, batch_size=64)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    scheduler = get_linear_schedule_with_warmup(optimizer, len(train_set), len(train_set) * epochs)
    for epoch in range(epochs):
        for i, sample in enumerate(train_loader):
            loss = model(sample)
            loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
        with torch.no_grad():
            print(sum(model(b).item() for b in val_loader))
