# Two training stages in one function with the same names: stage 1 steps per batch of 8 a schedule sized in
# examples (wrong); stage 2 trains a small head on a batch-size-1 loader, where examples are batches (right).
import torch
from torch import nn
from torch.utils.data import DataLoader
from transformers import get_cosine_schedule_with_warmup


def fit(model, optimizer, scheduler, loader, epochs):
    for epoch in range(epochs):
        for step, (x, y) in enumerate(loader):
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()


def main(encoder, head, dataset, epochs=5):
    optimizer = torch.optim.AdamW(encoder.parameters(), lr=2e-5)
    scheduler = get_cosine_schedule_with_warmup(optimizer, int(0.1 * len(dataset) * epochs),  # expect: LR018
                                                num_training_steps=len(dataset) * epochs)
    fit(encoder, optimizer, scheduler, DataLoader(dataset, batch_size=8, shuffle=True), epochs)

    optimizer = torch.optim.AdamW(head.parameters(), lr=1e-3)
    scheduler = get_cosine_schedule_with_warmup(optimizer, num_warmup_steps=int(0.1 * len(dataset) * epochs),
                                                num_training_steps=len(dataset) * epochs)
    single = DataLoader(dataset, batch_size=1, shuffle=True)
    fit(head, optimizer, scheduler, single, epochs)
