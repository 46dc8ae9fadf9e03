# Right: the phase loop updates in the training phase only, and the StepLR is stepped once per epoch after it.
import torch
from torch import optim


def train(model, dataloaders, epochs, lr=0.01):
    optimizer = optim.SGD(model.parameters(), lr=lr)
    scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.1)
    for epoch in range(epochs):
        for phase in ["train", "val"]:
            model.train(phase == "train")
            for images, targets in dataloaders[phase]:
                optimizer.zero_grad()
                with torch.set_grad_enabled(phase == "train"):
                    loss = model.loss(images, targets)
                    if phase == "train":
                        loss.backward()
                        optimizer.step()
        scheduler.step()
