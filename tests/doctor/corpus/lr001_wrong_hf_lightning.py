# HF schedule sized in epochs stepped per batch; Lightning "interval": "step" on an epoch cosine;
# a MultiStepLR with epoch milestones stepped per batch.
import lightning as L
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, MultiStepLR
from transformers import get_cosine_schedule_with_warmup


def train(model, train_loader, num_epochs):
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    sched = get_cosine_schedule_with_warmup(opt, num_warmup_steps=0, num_training_steps=num_epochs)
    for epoch in range(num_epochs):
        for batch in train_loader:
            model(**batch).loss.backward()
            opt.step()
            sched.step()  # expect: LR001
            opt.zero_grad()


def train_steps(model, loader):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = MultiStepLR(opt, milestones=[30, 60, 90])
    for epoch in range(100):
        for x, y in loader:
            model(x).sum().backward()
            opt.step()
            sched.step()  # expect: LR001


class Classifier(L.LightningModule):
    def configure_optimizers(self):
        opt = torch.optim.SGD(self.parameters(), lr=0.1)
        sched = CosineAnnealingLR(opt, T_max=self.trainer.max_epochs)
        return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "step"}}  # expect: LR001
