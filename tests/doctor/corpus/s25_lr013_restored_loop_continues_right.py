# The same restart, done right: the checkpoint holds the iteration too and the loop continues from it, so the
# restored cosine is stepped only for the iterations that are left.
import os

import torch


def main(model, get_batch, max_iters=20000, ckpt="state.pt"):
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4)
    cosine = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=max_iters)
    start = 0
    if os.path.exists(ckpt):
        state = torch.load(ckpt)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        cosine.load_state_dict(state["sched"])
        start = state["it"] + 1
    for it in range(start, max_iters):
        x, y = get_batch()
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
        cosine.step()
        if it % 500 == 0:
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": cosine.state_dict(),
                        "it": it}, ckpt)
