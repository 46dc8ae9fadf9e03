# Right: OneCycle stepped every batch; Lightning with "interval": "step"; OneCycle sized in epochs per epoch.
import lightning as L
import torch
from torch.optim.lr_scheduler import OneCycleLR


def plain(model, loader, epochs=20):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = OneCycleLR(opt, max_lr=0.1, epochs=epochs, steps_per_epoch=len(loader))
    for epoch in range(epochs):
        for x, y in loader:
            model(x).sum().backward()
            opt.step()
            sched.step()
            opt.zero_grad()


def by_epoch(model, loader, epochs=20):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = OneCycleLR(opt, max_lr=0.1, total_steps=epochs)
    for epoch in range(epochs):
        for x, y in loader:
            model(x).sum().backward()
            opt.step()
        sched.step()


class OneCycleModule(L.LightningModule):
    def configure_optimizers(self):
        opt = torch.optim.SGD(self.parameters(), lr=0.1)
        sched = OneCycleLR(opt, max_lr=0.1, total_steps=self.trainer.estimated_stepping_batches)
        return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "step"}}
