# A Trainer method restores the model and optimizer and continues `for _, epoch in bar` with
# `bar = tqdm(enumerate(range(start_epoch, num_epochs)))`; the warm-up schedule is rebuilt at step 0 and
# never saved or restored, so a resumed run warms up again.
import os

import torch
from torch.optim.lr_scheduler import LambdaLR
from tqdm import tqdm


class Trainer:
    def __init__(self, model, ckpt_path="last.pt"):
        self.model = model
        self.ckpt_path = ckpt_path

    def train(self, num_epochs, resume=False):
        opt = torch.optim.AdamW(self.model.parameters(), lr=2e-4)
        warm = max(1, num_epochs // 20)
        sched = LambdaLR(opt, lambda e: min(1.0, (e + 1) / warm))  # expect: LR040
        start_epoch = 0
        if resume and os.path.exists(self.ckpt_path):
            state = torch.load(self.ckpt_path)
            self.model.load_state_dict(state["model"])
            opt.load_state_dict(state["opt"])
            start_epoch = state["epoch"] + 1
        bar = tqdm(enumerate(range(start_epoch, num_epochs)), total=num_epochs - start_epoch)
        for _, epoch in bar:
            opt.zero_grad()
            self.model.loss().backward()
            opt.step()
            sched.step()
            torch.save({"model": self.model.state_dict(), "opt": opt.state_dict(), "epoch": epoch}, self.ckpt_path)
