# Plateau mode does not match the metric it is fed.
import lightning as L
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


def fit(model, loader, evaluate, epochs):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = ReduceLROnPlateau(opt, patience=3)
    for epoch in range(epochs):
        for x, y in loader:
            model(x).sum().backward()
            opt.step()
        val_acc = evaluate(model)
        sched.step(val_acc)  # expect: LR004


def fit_max(model, loader, metrics, epochs):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = ReduceLROnPlateau(opt, mode="max")
    for epoch in range(epochs):
        for x, y in loader:
            model(x).sum().backward()
            opt.step()
        sched.step(metrics["val_loss"])  # expect: LR004


class Module(L.LightningModule):
    def configure_optimizers(self):
        opt = torch.optim.Adam(self.parameters(), lr=1e-3)
        sched = ReduceLROnPlateau(opt, factor=0.5)
        return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "monitor": "val_accuracy"}}  # expect: LR004
