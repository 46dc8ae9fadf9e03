# The data module hands over its three loaders in one tuple; the training function unpacks it by index and steps
# a OneCycleLR after every training batch. The schedule is sized with `len(loaders)`, the number of loaders (3),
# not the batches of the training loader: OneCycleLR's 3 * epochs steps are spent within the first epoch, and
# torch raises a ValueError at the next step.
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
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=hparams["lr"],  # expect: LR055
                                                    steps_per_epoch=len(loaders), epochs=hparams["epochs"])
    for epoch in range(hparams["epochs"]):
        model.train()
        for x, y in train_loader:
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
        model.eval()
        with torch.no_grad():
            for x, y in valid_loader:
                model(x)
    return model, test_loader


def run_dict(hparams, train_loader, val_loader):
    dataloaders = {"train": train_loader, "val": val_loader}
    model = nn.Linear(20, 4)
    optimizer = torch.optim.SGD(model.parameters(), lr=hparams["lr"], momentum=0.9)
    total = hparams["epochs"] * len(dataloaders)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=hparams["lr"], total_steps=total)  # expect: LR055
    for epoch in range(hparams["epochs"]):
        for x, y in dataloaders["train"]:
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
            scheduler.step()
    return model


if __name__ == "__main__":
    loaders = make_loaders(32)
    run({"lr": 1e-3, "epochs": 10}, loaders)
    run_dict({"lr": 1e-2, "epochs": 10}, loaders[0], loaders[1])
