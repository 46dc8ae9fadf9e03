# Right: the scheduler is picked by name; the "warmup" arm's LambdaLR starts at 1/500 of the LR (the step-0 factor
# counts epoch 0 as the first warm-up epoch), and the trainer steps whichever scheduler it built once per epoch
# through a helper that also feeds the plateau one its metric.
import math

import torch
from torch import optim


class Runner:
    def __init__(self, cfg, net, loader):
        self.cfg, self.net, self.loader = cfg, net, loader
        self.opt = optim.AdamW(net.parameters(), lr=cfg.lr, weight_decay=0.01)
        if cfg.sched == "const":
            self.sched = optim.lr_scheduler.LambdaLR(self.opt, lambda e: 1.0)
        elif cfg.sched == "plateau":
            self.sched = optim.lr_scheduler.ReduceLROnPlateau(self.opt, factor=0.5)
        elif cfg.sched == "warmup":
            ramp = lambda e: (e + 1) / 500 if e < 500 else 0.5 * (1 + math.cos(math.pi * (e - 500) / (cfg.epochs - 500)))
            self.sched = optim.lr_scheduler.LambdaLR(self.opt, lr_lambda=ramp)

    def fit(self):
        for epoch in range(self.cfg.epochs):
            total = 0.0
            for x, y in self.loader:
                self.opt.zero_grad()
                loss = torch.nn.functional.mse_loss(self.net(x), y)
                loss.backward()
                self.opt.step()
                total += loss.item()
            self.advance(total)

    def advance(self, metric):
        if self.cfg.sched == "plateau":
            self.sched.step(metric)
        else:
            self.sched.step()
