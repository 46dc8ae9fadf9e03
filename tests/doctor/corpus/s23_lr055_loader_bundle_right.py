# The loader bundle of s23_lr055_loader_bundle_wrong.py used right: the schedule is sized with the training
# loader taken out of the bundle (`len(train_loader)`, `len(dataloaders["train"])`). The third run steps over a
# list of pre-built batches, each a pair split by index (`xb, yb = batch[0], batch[1]`), and sizes its schedule
# with `len(batches)`: that list holds batches, not loaders.
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def make_loaders(batch_size):
    parts = [TensorDataset(torch.randn(n, 20), torch.randint(0, 4, (n,))) for n in (800, 100, 100)]
    return tuple(DataLoader(p, batch_size=batch_size, shuffle=i == 0) for i, p in enumerate(parts))


def run(hparams, loaders):
    train_loader, valid_loader, test_loader = loaders[0], loaders[1], loaders[2]
    model = nn.Sequential(nn.Linear(20, 64), nn.GELU(), nn.Linear(64, 4))
    optimizer = torch.optim.AdamW(model.parameters(), lr=hparams["lr"])
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=hparams["lr"],
                                                    steps_per_epoch=len(train_loader), epochs=hparams["epochs"])
    for epoch in range(hparams["epochs"]):
        model.train()
        for x, y in train_loader:
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
    return model, valid_loader, test_loader


def run_dict(hparams, train_loader, val_loader):
    dataloaders = {"train": train_loader, "val": val_loader}
    model = nn.Linear(20, 4)
    optimizer = torch.optim.SGD(model.parameters(), lr=hparams["lr"], momentum=0.9)
    total = hparams["epochs"] * len(dataloaders["train"])
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=hparams["lr"], total_steps=total)
    for epoch in range(hparams["epochs"]):
        for x, y in dataloaders["train"]:
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
    return model


def run_batches(hparams, train_loader):
    batches = [(x.clone(), y.clone()) for x, y in train_loader]
    model = nn.Linear(20, 4)
    optimizer = torch.optim.SGD(model.parameters(), lr=hparams["lr"], momentum=0.9)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=hparams["lr"], epochs=hparams["epochs"],
                                                    steps_per_epoch=len(batches))
    for epoch in range(hparams["epochs"]):
        for batch in batches:
            xb, yb = batch[0], batch[1]
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(xb), yb).backward()
            optimizer.step()
            scheduler.step()
    return model


if __name__ == "__main__":
    loaders = make_loaders(32)
    run({"lr": 1e-3, "epochs": 10}, loaders)
    run_dict({"lr": 1e-2, "epochs": 10}, loaders[0], loaders[1])
    run_batches({"lr": 1e-2, "epochs": 10}, loaders[0])
