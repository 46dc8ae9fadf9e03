# A step-based loop that samples a new mini-batch on every iteration and steps the plateau with that batch's loss:
# the noisy batch loss stops improving for 3 batches all the time, so the LR is cut again and again.
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


def get_batch(data, batch_size=32):
    idx = torch.randint(len(data), (batch_size,))
    return data[idx]


def train(model, data, max_iters=5000):
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    scheduler = ReduceLROnPlateau(optimizer, patience=3)
    for it in range(max_iters):
        xb = get_batch(data)
        optimizer.zero_grad()
        loss = model(xb).mean()
        loss.backward()
        optimizer.step()
        scheduler.step(loss)  # expect: LR001
