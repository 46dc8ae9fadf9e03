# Right: the OneCycle and the loop both read "epochs" from the same dict, under __main__, stepped every batch in a
# train() helper.
import torch
from torch.utils.data import DataLoader


def train(model, train_loader, optimizer, scheduler):
    model.train()
    for inputs, targets in train_loader:
        optimizer.zero_grad()
        torch.nn.functional.mse_loss(model(inputs), targets).backward()
        optimizer.step()
        scheduler.step()


if __name__ == "__main__":
    hparams = {"learning_rate": 1e-3, "batch_size": 32, "epochs": 12}
    train_loader = DataLoader(train_dataset, batch_size=hparams["batch_size"], shuffle=True)
    model = Regressor()
    optimizer = torch.optim.AdamW(model.parameters(), hparams["learning_rate"])
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=hparams["learning_rate"],
                                                    steps_per_epoch=len(train_loader), epochs=hparams["epochs"])
    for epoch in range(hparams["epochs"]):
        train(model, train_loader, optimizer, scheduler)
