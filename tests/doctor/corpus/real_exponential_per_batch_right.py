# Right: ExponentialLR stepped after every batch with a rate meant per batch, and one stepped per epoch
# with a per-epoch rate.
import torch
from torch.optim.lr_scheduler import ExponentialLR


def train(model, loader, epochs=30):
    opt = torch.optim.Adam(model.parameters(), lr=3e-4)
    per_batch = ExponentialLR(opt, gamma=0.9995)
    for epoch in range(epochs):
        for x, y in loader:
            loss = torch.nn.functional.mse_loss(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            per_batch.step()


def train_epochwise(model, loader, epochs=30):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = ExponentialLR(opt, gamma=0.95)
    for epoch in range(epochs):
        for x, y in loader:
            loss = torch.nn.functional.mse_loss(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
        sched.step()
