# Right: LinearLR stepped every batch with a length in steps: a literal warmup of 500 steps (in a 5-epoch run,
# a number that is not the epoch count's unit), and a warmup of warmup_epochs converted to batches.
import torch
from torch.optim.lr_scheduler import LinearLR


def train(model, train_loader, epochs=5):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    warmup = LinearLR(optimizer, start_factor=0.01, total_iters=500)
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            warmup.step()


def warm_start(model, loader, epochs=20, warmup_epochs=3):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    warmup = LinearLR(optimizer, start_factor=0.01, total_iters=warmup_epochs * len(loader))
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            warmup.step()
