# Right: the run length from the loader's batches (no division), and from the dataset's examples divided by the
# batch size once.
import torch
from torch import optim
from torch.utils.data import DataLoader

batch_size = 200
EPOCH = 10


def build_loaders(dataset, mode="train"):
    return DataLoader(dataset, batch_size=batch_size, shuffle=mode == "train")


def main(model, train_dataset):
    train_dataloader = build_loaders(train_dataset, mode="train")
    optimizer = optim.AdamW(model.parameters(), lr=1e-4)
    lr_scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=EPOCH * len(train_dataloader), eta_min=1e-6)
    for epoch in range(EPOCH):
        for batch in train_dataloader:
            optimizer.zero_grad()
            model(batch).mean().backward()
            optimizer.step()
            lr_scheduler.step()


def main_examples(model, train_dataset):
    train_dataloader = build_loaders(train_dataset, mode="train")
    optimizer = optim.AdamW(model.parameters(), lr=1e-4)
    lr_scheduler = optim.lr_scheduler.CosineAnnealingLR(
        optimizer, T_max=EPOCH * len(train_dataset) // batch_size, eta_min=1e-6)
    for epoch in range(EPOCH):
        for batch in train_dataloader:
            optimizer.zero_grad()
            model(batch).mean().backward()
            optimizer.step()
            lr_scheduler.step()
