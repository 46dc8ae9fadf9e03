# Fine-tuning in two stages: after `freeze_epochs` the backbone is unfrozen and a new SGD over all parameters is
# built, but the cosine still holds the head-only SGD, so the second stage trains at a constant LR.
import torch


def fit(model, loader, epochs=50, freeze_epochs=5):
    for p in model.backbone.parameters():
        p.requires_grad = False
    optimizer = torch.optim.SGD(model.head.parameters(), lr=0.01, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)  # expect: LR020
    for epoch in range(epochs):
        if epoch == freeze_epochs:
            for p in model.backbone.parameters():
                p.requires_grad = True
            optimizer = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()
