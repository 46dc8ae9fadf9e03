# OneCycle / HF schedules sized in optimizer steps but stepped once per epoch.
import lightning as L
import torch
from torch.optim.lr_scheduler import OneCycleLR
from transformers import get_linear_schedule_with_warmup


def plain(model, loader, epochs=20):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = OneCycleLR(opt, max_lr=0.1, epochs=epochs, steps_per_epoch=len(loader))
    for epoch in range(epochs):
        for x, y in loader:
            model(x).sum().backward()
            opt.step()
            opt.zero_grad()
        sched.step()  # expect: LR002


def hf(model, train_dl, num_epochs=3):
    opt = torch.optim.AdamW(model.parameters(), lr=5e-5)
    num_training_steps = num_epochs * len(train_dl)
    sched = get_linear_schedule_with_warmup(opt, num_warmup_steps=100, num_training_steps=num_training_steps)
    for epoch in range(num_epochs):
        for batch in train_dl:
            model(**batch).loss.backward()
            opt.step()
            opt.zero_grad()
        sched.step()  # expect: LR002


class OneCycleModule(L.LightningModule):
    def configure_optimizers(self):
        opt = torch.optim.SGD(self.parameters(), lr=0.1)
        sched = OneCycleLR(opt, max_lr=0.1, total_steps=self.trainer.estimated_stepping_batches)
        return {"optimizer": opt, "lr_scheduler": sched}  # expect: LR002
