# Wrong: LinearLR sized in epochs (its length is the epoch count, or a warmup named in epochs) but stepped every
# batch: the linear decay reaches 0 after num_epochs batches and the rest of the run trains at LR 0; the warmup
# ends after warmup_epochs batches.
import torch
from torch.optim.lr_scheduler import LinearLR


def train(model, train_loader, num_epochs=40):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scheduler = LinearLR(optimizer, start_factor=1.0, end_factor=0.0, total_iters=num_epochs)
    for epoch in range(num_epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()  # expect: LR001


def warm_start(model, loader, epochs=20, warmup_epochs=3):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    warmup = LinearLR(optimizer, start_factor=0.01, total_iters=warmup_epochs)
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            warmup.step()  # expect: LR001
