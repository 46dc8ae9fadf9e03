# Detection-style schedule in iterations: milestones [60000, 80000] stepped every batch for at most 12 epochs of
# several thousand batches. Step counts far past any epoch count are read as steps: no finding.
import torch


def train(model, data_loader, max_epochs=12):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.02, momentum=0.9, weight_decay=1e-4)
    lr_scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[60000, 80000], gamma=0.1)
    for epoch in range(max_epochs):
        for images, targets in data_loader:
            losses = sum(model(images, targets).values())
            optimizer.zero_grad()
            losses.backward()
            optimizer.step()
            lr_scheduler.step()
