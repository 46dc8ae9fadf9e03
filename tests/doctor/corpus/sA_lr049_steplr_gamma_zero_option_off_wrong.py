# A VAE trainer that turns its decay off with a flag: the "off" arm keeps StepLR but with gamma=0 (meant as
# "no decay", which is gamma=1), so after 100 epochs every LR is 0 and training silently stops.
import torch
from torch.optim.lr_scheduler import StepLR


def train_model(model, train_loader, epochs, use_scheduler=False, lr=5e-4):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, amsgrad=True)
    if use_scheduler:
        scheduler = StepLR(optimizer, step_size=100, gamma=0.2)
    else:
        scheduler = StepLR(optimizer, step_size=100, gamma=0, last_epoch=-1)  # expect: LR049
    for epoch in range(1, epochs):
        for x in train_loader:
            optimizer.zero_grad()
            model.loss(x).backward()
            optimizer.step()
        scheduler.step()
