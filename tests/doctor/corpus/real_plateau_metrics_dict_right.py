# evaluate() returns a dict; the plateau is fed metrics["val_loss"] in min mode, and metrics["val_acc"] in max mode.
import torch
from torch.optim import lr_scheduler
from tqdm import trange


def train(model, loaders, evaluate, train_one_epoch, epochs=40, monitor="val_loss"):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    loss_plateau = lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.1, patience=3)
    for epoch in trange(epochs):
        train_one_epoch(model, loaders["train"], optimizer)
        metrics = evaluate(model, loaders["val"])
        loss_plateau.step(metrics["val_loss"])


def train_acc(model, loaders, evaluate, train_one_epoch, epochs=40):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    acc_plateau = lr_scheduler.ReduceLROnPlateau(optimizer, mode="max", factor=0.1, patience=3)
    for epoch in trange(epochs):
        train_one_epoch(model, loaders["train"], optimizer)
        metrics = evaluate(model, loaders["val"])
        acc_plateau.step(metrics["val_acc"])
