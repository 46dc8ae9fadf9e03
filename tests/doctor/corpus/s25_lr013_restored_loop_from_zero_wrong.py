# A character-level model trained for a fixed number of iterations. Start-up restores the model, the optimizer and
# the cosine from the files the loop writes, but the loop always runs range(max_iters) from 0: after a restart the
# restored cosine is stepped up to max_iters more times, past its T_max, and the LR climbs back up.
import os

import torch


def main(model, get_batch, max_iters=20000, ckpt="state.pt"):
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4)
    cosine = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=max_iters)  # expect: LR013
    if os.path.exists(ckpt):
        state = torch.load(ckpt)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        cosine.load_state_dict(state["sched"])
    for it in range(max_iters):
        x, y = get_batch()
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
        cosine.step()
        if it % 500 == 0:
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": cosine.state_dict()}, ckpt)
