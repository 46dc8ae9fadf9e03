# Right: the scheduler is built once before the loop; a decay built once, when the warmup ends (under an if);
# and a fresh schedule per cross-validation fold (a loop over folds, each a whole run).
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, StepLR


def train(model, train_loader, epochs=90):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = StepLR(optimizer, step_size=30, gamma=0.1)
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()


def warm_then_cosine(model, train_loader, epochs=50, warmup_epochs=5):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    scheduler = None
    for epoch in range(epochs):
        if epoch == warmup_epochs:
            scheduler = CosineAnnealingLR(optimizer, T_max=epochs - warmup_epochs)
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        if scheduler is not None:
            scheduler.step()


def cross_validate(make_model, folds, epochs=30):
    for fold, (train_loader, val_loader) in enumerate(folds):
        model = make_model()
        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
        scheduler = CosineAnnealingLR(optimizer, T_max=epochs)
        for epoch in range(epochs):
            for x, y in train_loader:
                optimizer.zero_grad()
                torch.nn.functional.cross_entropy(model(x), y).backward()
                optimizer.step()
            scheduler.step()
