# Right: both loop headers bind a progress bar (`for epoch in (ebar := trange(epochs)):`, `for x, y in (bar :=
# tqdm(loader)):`); the ExponentialLR(gamma=0.9) is stepped once per epoch, after the batch loop.
import torch
from torch.optim.lr_scheduler import ExponentialLR
from tqdm import tqdm, trange


def fit(net, loader, epochs, lr):
    opt = torch.optim.AdamW(net.parameters(), lr=lr)
    sched = ExponentialLR(opt, gamma=0.9)
    for epoch in (ebar := trange(epochs)):
        for x, y in (bar := tqdm(loader)):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(net(x), y)
            loss.backward()
            opt.step()
            bar.set_postfix(loss=loss.item())
        sched.step()
        ebar.set_postfix(lr=sched.get_last_lr()[0])
