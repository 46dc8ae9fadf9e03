# A helper builds every candidate scheduler in a dict literal and returns the one asked for: all the
# constructors run, and OneCycleLR (built last) rewrites the optimizer's LR to max_lr / div_factor and its
# momentum, so the chosen StepLR or cosine starts from 0.004 whatever LR the sweep set.
import torch
import torch.optim as optim


def make_scheduler(optimizer, name, epochs):
    schedulers = {
        "step": optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.1),
        "cosine": optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs),
        "onecycle": optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=epochs),  # expect: LR021
    }
    return schedulers[name]


def sweep(model, loader, lrs=(0.1, 0.03, 0.01), epochs=30):
    for lr in lrs:
        optimizer = optim.SGD(model.parameters(), lr=lr, momentum=0.9)
        scheduler = make_scheduler(optimizer, "step", epochs)
        for epoch in range(epochs):
            for x, y in loader:
                optimizer.zero_grad()
                torch.nn.functional.cross_entropy(model(x), y).backward()
                optimizer.step()
            scheduler.step()
