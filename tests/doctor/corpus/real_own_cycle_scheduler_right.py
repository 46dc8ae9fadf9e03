# A project's own CycleScheduler (imported from its scheduler module) is passed in and stepped before the optimizer:
# that class sets the LR for the coming step, so this order is how it is meant to be used.
import torch
from scheduler import CycleScheduler


def train(epoch, loader, model, optimizer, scheduler, device):
    for i, (img, label) in enumerate(loader):
        model.zero_grad()
        out = model(img.to(device))
        loss = torch.nn.functional.mse_loss(out, img.to(device))
        loss.backward()
        if scheduler is not None:
            scheduler.step()
        optimizer.step()


def main(model, loader, epochs, device):
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)
    scheduler = CycleScheduler(optimizer, 3e-4, n_iter=len(loader) * epochs, momentum=None)
    for epoch in range(epochs):
        train(epoch, loader, model, optimizer, scheduler, device)
