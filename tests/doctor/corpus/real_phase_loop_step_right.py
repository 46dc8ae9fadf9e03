# Right: in the phase loop the scheduler is stepped only in the training phase (after its batches), or after the
# phase loop, once per epoch.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, StepLR


def train_model(model, dataloaders, criterion, optimizer, scheduler, num_epochs=25):
    for epoch in range(num_epochs):
        for phase in ["train", "val"]:
            model.train() if phase == "train" else model.eval()
            for inputs, labels in dataloaders[phase]:
                optimizer.zero_grad()
                with torch.set_grad_enabled(phase == "train"):
                    loss = criterion(model(inputs), labels)
                    if phase == "train":
                        loss.backward()
                        optimizer.step()
            if phase == "train":
                scheduler.step()
    return model


def main(model, dataloaders):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    scheduler = StepLR(optimizer, step_size=7, gamma=0.1)
    train_model(model, dataloaders, torch.nn.CrossEntropyLoss(), optimizer, scheduler)


def after_phases(model, train_loader, val_loader, epochs=40):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    scheduler = CosineAnnealingLR(optimizer, T_max=epochs)
    for epoch in range(epochs):
        for phase in ("train", "valid"):
            loader = train_loader if phase == "train" else val_loader
            for x, y in loader:
                loss = torch.nn.functional.mse_loss(model(x), y)
                if phase == "train":
                    optimizer.zero_grad()
                    loss.backward()
                    optimizer.step()
        scheduler.step()
