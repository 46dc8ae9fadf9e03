# The project's own warm-up cosine class (imported from its lr_schedules module) is rebuilt at step 0 in a
# resumable training method; the model and optimizer are restored and the epochs continue, the scheduler is
# neither saved nor restored: a resumed run warms up again.
import os

import torch
from tqdm import tqdm

from lr_schedules import WarmupCosineScheduler


class FlowTrainer:
    def __init__(self, model, path="ckpt.pt"):
        self.model = model
        self.path = path

    def train(self, num_epochs, lr=1e-3, resume=False):
        opt = torch.optim.AdamW(self.model.parameters(), lr=lr)
        scheduler = WarmupCosineScheduler(optimizer=opt, warmup_steps=0.1 * num_epochs, total_steps=num_epochs)  # expect: LR040
        start_epoch = 0
        if resume and os.path.exists(self.path):
            ckpt = torch.load(self.path)
            self.model.load_state_dict(ckpt["model"])
            opt.load_state_dict(ckpt["opt"])
            start_epoch = ckpt["epoch"] + 1
        for _, epoch in tqdm(enumerate(range(start_epoch, num_epochs))):
            opt.zero_grad()
            self.model.loss().backward()
            opt.step()
            scheduler.step()
            torch.save({"model": self.model.state_dict(), "opt": opt.state_dict(), "epoch": epoch}, self.path)
