# Wrong: ReduceLROnPlateau stepped after every batch with that batch's training loss and a patience of a few
# calls (the default is 10): the noisy batch loss fails to beat its best for that many batches all the time,
# so the LR is cut again and again within the first epoch. In the loop itself, and in a train_one_epoch helper.
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


def train(model, train_loader, epochs=50):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = ReduceLROnPlateau(optimizer, mode="min", factor=0.5)
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(model(x), y)
            loss.backward()
            optimizer.step()
            scheduler.step(loss.item())  # expect: LR001


def train_one_epoch(model, loader, optimizer, scheduler):
    model.train()
    for images, labels in loader:
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()
        scheduler.step(loss)  # expect: LR001


def main(model, train_loader, epochs=30):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    scheduler = ReduceLROnPlateau(optimizer, patience=3)
    for epoch in range(epochs):
        train_one_epoch(model, train_loader, optimizer, scheduler)
