# The same resumable method with the project's scheduler class saved and restored beside the optimizer; and a
# second project class positioned explicitly (`step(epoch)`), which resumes by itself.
import os

import torch
from tqdm import tqdm

from lr_schedules import PolyDecay, WarmupCosineScheduler


class FlowTrainer:
    def __init__(self, model, path="ckpt.pt"):
        self.model = model
        self.path = path

    def train(self, num_epochs, lr=1e-3, resume=False):
        opt = torch.optim.AdamW(self.model.parameters(), lr=lr)
        scheduler = WarmupCosineScheduler(optimizer=opt, warmup_steps=0.1 * num_epochs, total_steps=num_epochs)
        start_epoch = 0
        if resume and os.path.exists(self.path):
            ckpt = torch.load(self.path)
            self.model.load_state_dict(ckpt["model"])
            opt.load_state_dict(ckpt["opt"])
            scheduler.load_state_dict(ckpt["scheduler"])
            start_epoch = ckpt["epoch"] + 1
        for _, epoch in tqdm(enumerate(range(start_epoch, num_epochs))):
            opt.zero_grad()
            self.model.loss().backward()
            opt.step()
            scheduler.step()
            torch.save({"model": self.model.state_dict(), "opt": opt.state_dict(),
                        "scheduler": scheduler.state_dict(), "epoch": epoch}, self.path)


def finetune(model, loader, epochs=30, resume_from=None):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    decay = PolyDecay(optimizer, max_epochs=epochs, power=0.9)
    start_epoch = 0
    if resume_from:
        state = torch.load(resume_from)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        start_epoch = state["epoch"] + 1
    for epoch in range(start_epoch, epochs):
        decay.step(epoch)
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
