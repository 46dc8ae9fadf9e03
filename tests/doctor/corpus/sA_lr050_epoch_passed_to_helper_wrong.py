# The validation helper steps the scheduler with the epoch number it is given, as written for a StepLR; the
# script builds a ReduceLROnPlateau, which takes that number as its metric. And a Lightning module with manual
# optimization steps its plateau scheduler with `self.current_epoch`.
import lightning as L
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


def validate(model, loader, scheduler, epoch):
    model.eval()
    with torch.no_grad():
        val_loss = sum(torch.nn.functional.mse_loss(model(x), y).item() for x, y in loader)
    scheduler.step(epoch)  # expect: LR050
    return val_loss


def main(model, train_loader, val_loader, epochs=80):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = ReduceLROnPlateau(optimizer, factor=0.5, patience=3)
    for epoch in range(epochs):
        model.train()
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
        validate(model, val_loader, scheduler, epoch)


class Regressor(L.LightningModule):
    def __init__(self, net):
        super().__init__()
        self.net = net
        self.automatic_optimization = False

    def training_step(self, batch, batch_idx):
        opt = self.optimizers()
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.net(x), y)
        opt.zero_grad()
        self.manual_backward(loss)
        opt.step()
        return loss

    def on_train_epoch_end(self):
        sch = self.lr_schedulers()
        sch.step(self.current_epoch)  # expect: LR050

    def configure_optimizers(self):
        opt = torch.optim.Adam(self.parameters(), lr=1e-3)
        return [opt], [ReduceLROnPlateau(opt, patience=5)]
