# Right: mode matches the metric; unknown metric names are left alone.
import lightning as L
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


def fit(model, loader, evaluate, epochs):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = ReduceLROnPlateau(opt, mode="max", patience=3)
    for epoch in range(epochs):
        for x, y in loader:
            model(x).sum().backward()
            opt.step()
        val_acc = evaluate(model)
        sched.step(val_acc)


def fit_score(model, loader, evaluate, epochs):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = ReduceLROnPlateau(opt, mode="max", patience=3)
    for epoch in range(epochs):
        for x, y in loader:
            model(x).sum().backward()
            opt.step()
        score = evaluate(model)
        sched.step(score)


def fit_loss(model, loader, evaluate, epochs):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = ReduceLROnPlateau(opt)
    for epoch in range(epochs):
        for x, y in loader:
            model(x).sum().backward()
            opt.step()
        if epoch % 2:
            sched.step(evaluate(model)["val_loss"].item())
        else:
            sched.step(val_loss.item())


class Module(L.LightningModule):
    def configure_optimizers(self):
        opt = torch.optim.Adam(self.parameters(), lr=1e-3)
        sched = ReduceLROnPlateau(opt, factor=0.5)
        return {"optimizer": opt, "lr_scheduler": sched, "monitor": "val_loss"}
