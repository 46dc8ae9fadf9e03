# The same iteration-count training, with the cosine saved in the checkpoint and restored on resume: the schedule
# continues where it stopped.
import os

import torch

MAX_ITERS = 5000


def train(model, get_batch, ckpt_path="last.pt"):
    start_iter = 0
    ckpt = None
    if os.path.exists(ckpt_path):
        ckpt = torch.load(ckpt_path)
        model.load_state_dict(ckpt["model"])
        start_iter = ckpt["iteration"]
    opt = torch.optim.AdamW(model.parameters(), lr=6e-4)
    cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=MAX_ITERS)
    if ckpt is not None:
        opt.load_state_dict(ckpt["optimizer"])
        cos.load_state_dict(ckpt["scheduler"])
    for it in range(start_iter, MAX_ITERS):
        x, y = get_batch()
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
        cos.step()
        if it % 1000 == 0:
            torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "scheduler": cos.state_dict(),
                        "iteration": it}, ckpt_path)
