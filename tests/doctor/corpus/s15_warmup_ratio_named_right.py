# The warm-up proportion comes from a config object the file does not show; its name says it is a ratio, so
# `total * cfg.warmup_ratio` is a part of the run and no swap is reported.
import torch
from transformers import get_cosine_schedule_with_warmup


def run(cfg, net, loader):
    total = len(loader) * cfg.epochs
    opt = torch.optim.AdamW(net.parameters(), lr=cfg.lr)
    sched = get_cosine_schedule_with_warmup(opt, num_warmup_steps=int(total * cfg.warmup_ratio),
                                            num_training_steps=total)
    for _ in range(cfg.epochs):
        for x, y in loader:
            opt.zero_grad()
            net(x).sub(y).pow(2).mean().backward()
            opt.step()
            sched.step()
