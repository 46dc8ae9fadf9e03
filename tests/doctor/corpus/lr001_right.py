# Right: cosine in epochs stepped per epoch; cosine in steps stepped per batch; Lightning per epoch;
# gradient accumulation stepping with the optimizer.
import lightning as L
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


def per_epoch(model, train_loader, epochs=100):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = CosineAnnealingLR(opt, T_max=epochs)
    for epoch in range(epochs):
        for x, y in train_loader:
            model(x).sum().backward()
            opt.step()
            opt.zero_grad()
        sched.step()


def per_step(model, train_loader, epochs=100):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = CosineAnnealingLR(opt, T_max=epochs * len(train_loader))
    for epoch in range(epochs):
        for x, y in train_loader:
            model(x).sum().backward()
            opt.step()
            sched.step()
            opt.zero_grad()


def accumulate(model, train_loader, epochs=100, accum=4):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    total_steps = epochs * len(train_loader) // accum
    sched = CosineAnnealingLR(opt, T_max=total_steps)
    for epoch in range(epochs):
        for i, (x, y) in enumerate(train_loader):
            model(x).sum().backward()
            if (i + 1) % accum == 0:
                opt.step()
                sched.step()
                opt.zero_grad()


class Net(L.LightningModule):
    def configure_optimizers(self):
        opt = torch.optim.SGD(self.parameters(), lr=0.1)
        sched = CosineAnnealingLR(opt, T_max=self.trainer.max_epochs)
        return [opt], [sched]
