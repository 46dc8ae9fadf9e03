# The menu holds constructors (lambdas) and builds only the chosen scheduler, so no other constructor
# touches the optimizer's LR.
import torch
import torch.optim as optim


def make_scheduler(optimizer, name, epochs):
    schedulers = {
        "step": lambda: optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.1),
        "cosine": lambda: optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs),
        "onecycle": lambda: optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=epochs),
    }
    return schedulers[name]()


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
