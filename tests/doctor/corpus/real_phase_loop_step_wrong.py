# Wrong: the scheduler step sits in the phase loop but under no phase test, so it runs once for "train" and once
# for "val" (or once per phase of range(2)): the schedule advances twice per epoch and is spent in half the run.
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
            scheduler.step()  # expect: LR016
    return model


def main(model, dataloaders):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    scheduler = StepLR(optimizer, step_size=7, gamma=0.1)
    train_model(model, dataloaders, torch.nn.CrossEntropyLoss(), optimizer, scheduler)


def counted_phases(model, train_loader, val_loader, epochs=40):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    scheduler = CosineAnnealingLR(optimizer, T_max=epochs)
    for epoch in range(epochs):
        for phase in range(2):
            loader = train_loader if phase == 0 else val_loader
            for x, y in loader:
                loss = torch.nn.functional.mse_loss(model(x), y)
                if phase == 0:
                    optimizer.zero_grad()
                    loss.backward()
                    optimizer.step()
            scheduler.step()  # expect: LR016
