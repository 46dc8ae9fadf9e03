# Two-stage fine-tuning that rebuilds the scheduler together with the optimizer when the backbone is unfrozen.
import torch


def fit(model, loader, epochs=50, freeze_epochs=5):
    for p in model.backbone.parameters():
        p.requires_grad = False
    optimizer = torch.optim.SGD(model.head.parameters(), lr=0.01, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    for epoch in range(epochs):
        if epoch == freeze_epochs:
            for p in model.backbone.parameters():
                p.requires_grad = True
            optimizer = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)
            scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs - freeze_epochs)
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()
