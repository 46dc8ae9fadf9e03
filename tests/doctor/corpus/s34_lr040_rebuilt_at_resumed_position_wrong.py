# Wrong: the resume arm restores the weights, the optimizer and the epoch, but the cosine stays the one built at
# step 0: a resumed run starts the cosine over from the restored LR.
import torch
from torch import nn


def run(net, loader, ckpt_path=None, epochs=50):
    opt = torch.optim.AdamW(net.parameters(), lr=3e-4, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs)  # expect: LR040
    start = 0
    if ckpt_path is not None:
        saved = torch.load(ckpt_path)
        net.load_state_dict(saved["net"])
        opt.load_state_dict(saved["opt"])
        start = saved["epoch"] + 1
    for epoch in range(start, epochs):
        for x, y in loader:
            opt.zero_grad()
            nn.functional.mse_loss(net(x), y).backward()
            opt.step()
        sched.step()
        torch.save({"net": net.state_dict(), "opt": opt.state_dict(), "epoch": epoch}, "ckpt.pt")
