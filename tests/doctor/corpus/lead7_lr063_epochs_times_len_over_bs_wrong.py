# The run length written epochs * len(loader) // batch_size: the loader (built by a helper of the file) already
# counts batches, so the cosine is 200 times too short and oscillates for the rest of the run.
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
    lr_scheduler = optim.lr_scheduler.CosineAnnealingLR(  # expect: LR063
        optimizer, T_max=EPOCH * len(train_dataloader) // batch_size, eta_min=1e-6)
    for epoch in range(EPOCH):
        for batch in train_dataloader:
            optimizer.zero_grad()
            model(batch).mean().backward()
            optimizer.step()
            lr_scheduler.step()
