# Right: one bound per group (in the groups' order); one max_lr over groups that share one LR (weight decay split).
import torch
from torch import optim


def fit(model, train_loader, num_epochs=15):
    optimizer = optim.AdamW([
        {"params": model.backbone.parameters(), "lr": 1e-5},
        {"params": model.head.parameters(), "lr": 1e-3},
    ])
    scheduler = optim.lr_scheduler.OneCycleLR(optimizer, max_lr=[1e-5, 1e-3],
                                              steps_per_epoch=len(train_loader), epochs=num_epochs)
    for epoch in range(num_epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
            scheduler.step()


def fit_decay_groups(model, train_loader, decay, no_decay, num_epochs=15):
    optimizer = optim.AdamW([
        {"params": decay, "weight_decay": 0.01},
        {"params": no_decay, "weight_decay": 0.0},
    ], lr=3e-4)
    scheduler = optim.lr_scheduler.OneCycleLR(optimizer, max_lr=3e-3, total_steps=num_epochs * len(train_loader))
    for epoch in range(num_epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
            scheduler.step()
