# The same resume through `tqdm(enumerate(range(start_epoch, num_epochs)))`, with the scheduler saved and
# restored next to the optimizer.
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
        sched = LambdaLR(opt, lambda e: min(1.0, (e + 1) / warm))
        start_epoch = 0
        if resume and os.path.exists(self.ckpt_path):
            state = torch.load(self.ckpt_path)
            self.model.load_state_dict(state["model"])
            opt.load_state_dict(state["opt"])
            sched.load_state_dict(state["sched"])
            start_epoch = state["epoch"] + 1
        for _, epoch in tqdm(enumerate(range(start_epoch, num_epochs))):
            opt.zero_grad()
            self.model.loss().backward()
            opt.step()
            sched.step()
            torch.save({"model": self.model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                        "epoch": epoch}, self.ckpt_path)
