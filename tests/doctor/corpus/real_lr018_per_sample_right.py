# No DataLoader: the loop walks the dataset one sample at a time and steps per sample, so len(dataset) is right.
import torch
from torch.optim.lr_scheduler import OneCycleLR


def train_online(model, dataset, epochs=5):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    scheduler = OneCycleLR(optimizer, max_lr=0.05, epochs=epochs, steps_per_epoch=len(dataset))
    for epoch in range(epochs):
        for x, y in dataset:
            optimizer.zero_grad()
            loss = (model(x.unsqueeze(0)) - y).pow(2).mean()
            loss.backward()
            optimizer.step()
            scheduler.step()
