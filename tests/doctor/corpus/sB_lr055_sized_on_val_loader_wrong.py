# OneCycleLR's steps_per_epoch is taken from the validation loader, but it is stepped after every training
# batch: with fewer validation batches the cycle is over long before the run, and OneCycleLR raises when it
# is stepped past its total.
import torch
from torch.optim.lr_scheduler import OneCycleLR
from torch.utils.data import DataLoader, TensorDataset
from tqdm import tqdm


def train_one_epoch(model, loader, optimizer, scheduler):
    model.train()
    for x, y in tqdm(loader, leave=False):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
        scheduler.step()


def main():
    train_ds = TensorDataset(torch.randn(9000, 30), torch.randint(0, 5, (9000,)))
    val_ds = TensorDataset(torch.randn(1000, 30), torch.randint(0, 5, (1000,)))
    train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)
    val_loader = DataLoader(val_ds, batch_size=32)
    model = torch.nn.Linear(30, 5)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    scheduler = OneCycleLR(optimizer, max_lr=0.1, epochs=20, steps_per_epoch=len(val_loader))  # expect: LR055
    for epoch in range(20):
        train_one_epoch(model, train_loader, optimizer, scheduler)


if __name__ == "__main__":
    main()
