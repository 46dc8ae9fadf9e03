# The same trainer done right: the "off" arm keeps the LR constant with gamma=1.
import torch
from torch.optim.lr_scheduler import StepLR


def train_model(model, train_loader, epochs, use_scheduler=False, lr=5e-4):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, amsgrad=True)
    if use_scheduler:
        scheduler = StepLR(optimizer, step_size=100, gamma=0.2)
    else:
        scheduler = StepLR(optimizer, step_size=100, gamma=1, last_epoch=-1)
    for epoch in range(1, epochs):
        for x in train_loader:
            optimizer.zero_grad()
            model.loss(x).backward()
            optimizer.step()
        scheduler.step()
