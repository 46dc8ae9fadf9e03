# Transfer-learning tutorial shape run twice: the second run builds a new optimizer but passes the first run's
# scheduler, which is bound to the first optimizer.
import torch
from torch import nn, optim
from torch.optim import lr_scheduler


def train_model(model, criterion, optimizer, scheduler, dataloaders, num_epochs=25):
    for epoch in range(num_epochs):
        model.train()
        for inputs, labels in dataloaders["train"]:
            optimizer.zero_grad()
            loss = criterion(model(inputs), labels)
            loss.backward()
            optimizer.step()
        scheduler.step()  # expect: LR020
    return model


def main(model_ft, model_conv, dataloaders):
    criterion = nn.CrossEntropyLoss()
    optimizer_ft = optim.SGD(model_ft.parameters(), lr=0.001, momentum=0.9)
    exp_lr_scheduler = lr_scheduler.StepLR(optimizer_ft, step_size=7, gamma=0.1)
    model_ft = train_model(model_ft, criterion, optimizer_ft, exp_lr_scheduler, dataloaders)
    optimizer_conv = optim.SGD(model_conv.fc.parameters(), lr=0.001, momentum=0.9)
    model_conv = train_model(model_conv, criterion, optimizer_conv, exp_lr_scheduler, dataloaders)
