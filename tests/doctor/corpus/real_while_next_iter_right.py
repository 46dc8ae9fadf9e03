# Step-based while loop over next(data_iter); the cosine is sized in optimizer steps (max_steps).
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


def train(model, train_loader, num_epochs=20):
    max_steps = num_epochs * len(train_loader)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)
    scheduler = CosineAnnealingLR(optimizer, T_max=max_steps, eta_min=1e-6)
    data_iter = iter(train_loader)
    step = 0
    while step < max_steps:
        try:
            batch = next(data_iter)
        except StopIteration:
            data_iter = iter(train_loader)
            batch = next(data_iter)
        loss = model(**batch).loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step()
        step += 1
