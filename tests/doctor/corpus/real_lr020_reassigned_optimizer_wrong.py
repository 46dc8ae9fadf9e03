# Fine-tuning: the scheduler is built on the head-only optimizer, then the optimizer is rebuilt for the whole
# network after unfreezing; the loop steps the new optimizer and the scheduler still writes the old one's LR.
import torch
from torch import nn, optim
from torch.optim import lr_scheduler


def finetune(model: nn.Module, dataloaders, num_epochs=25):
    for p in model.parameters():
        p.requires_grad = False
    for p in model.fc.parameters():
        p.requires_grad = True
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.SGD(model.fc.parameters(), lr=0.01, momentum=0.9)
    scheduler = lr_scheduler.StepLR(optimizer, step_size=7, gamma=0.1)
    for p in model.parameters():
        p.requires_grad = True
    optimizer = optim.SGD(model.parameters(), lr=0.001, momentum=0.9)
    for epoch in range(num_epochs):
        model.train()
        for inputs, labels in dataloaders["train"]:
            optimizer.zero_grad()
            loss = criterion(model(inputs), labels)
            loss.backward()
            optimizer.step()
        scheduler.step()  # expect: LR020
