# Wrong: the scheduler is built inside the loop that steps it, so every epoch gets a new one that starts at step 0:
# the StepLR never reaches its step_size (the LR never decays), and the one-cycle schedule restarts its warmup every
# epoch (the LR never leaves the start of the cycle).
import torch
from torch.optim.lr_scheduler import OneCycleLR, StepLR


def train(model, train_loader, epochs=90):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    for epoch in range(epochs):
        scheduler = StepLR(optimizer, step_size=30, gamma=0.1)  # expect: LR022
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()


def one_cycle(model, train_loader, epochs=20):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    for epoch in range(epochs):
        scheduler = OneCycleLR(optimizer, max_lr=1e-2, epochs=epochs, steps_per_epoch=len(train_loader))  # expect: LR022
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
