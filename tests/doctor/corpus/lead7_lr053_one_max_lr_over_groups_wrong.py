# A pretrained backbone at a small LR and a head at a larger one, then one-cycle with one max_lr: OneCycleLR writes
# that bound into every group, so the backbone cycles up to the head's LR. CyclicLR does the same with its bounds.
import torch
from torch import optim


def fit(model, train_loader, num_epochs=15):
    optimizer = optim.AdamW([
        {"params": model.backbone.parameters(), "lr": 1e-5},
        {"params": model.head.parameters(), "lr": 1e-3},
    ], weight_decay=1e-2)
    scheduler = optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1e-3,  # expect: LR053
                                              steps_per_epoch=len(train_loader), epochs=num_epochs)
    for epoch in range(num_epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
            scheduler.step()


def fit_cyclic(model, train_loader, base_lr=1e-4, epochs=10):
    optimizer = optim.SGD([
        {"params": model.backbone.parameters(), "lr": base_lr / 10},
        {"params": model.head.parameters()},
    ], lr=base_lr, momentum=0.9)
    scheduler = optim.lr_scheduler.CyclicLR(optimizer, base_lr=base_lr, max_lr=base_lr * 10)  # expect: LR053
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
            scheduler.step()
