# A language model trained for a fixed number of iterations (no epochs). On resume the iteration counter and the
# optimizer come back from the checkpoint and the loop continues at start_iter, but the cosine is built anew at
# step 0 and never saved: a resumed run starts the cosine over from its peak.
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
    cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=MAX_ITERS)  # expect: LR040
    if ckpt is not None:
        opt.load_state_dict(ckpt["optimizer"])
    for it in range(start_iter, MAX_ITERS):
        x, y = get_batch()
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
        cos.step()
        if it % 1000 == 0:
            torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "iteration": it}, ckpt_path)
