# A get_optim_scheduler() factory returns OneCycle sized in batches; the epoch loop steps it once per epoch.
import torch
from torch.optim.lr_scheduler import OneCycleLR


def get_optim_scheduler(model, lr, epochs, steps_per_epoch):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    scheduler = OneCycleLR(optimizer, max_lr=lr, total_steps=epochs * steps_per_epoch)
    return optimizer, scheduler


def train_one_epoch(model, loader, optimizer):
    model.train()
    for frames, target in loader:
        loss = torch.nn.functional.mse_loss(model(frames), target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def run(model, train_loader, epochs=30, lr=1e-3):
    optimizer, scheduler = get_optim_scheduler(model, lr, epochs, len(train_loader))
    for epoch in range(epochs):
        train_one_epoch(model, train_loader, optimizer)
        scheduler.step()  # expect: LR002
