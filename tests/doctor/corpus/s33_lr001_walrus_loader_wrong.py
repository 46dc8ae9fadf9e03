# Wrong: the batch loop binds its progress bar in the loop header (`for batch in (bar := tqdm(loader)):`) and steps
# an ExponentialLR(gamma=0.9), a per-epoch decay, after every optimizer update: the LR is below 1% of its start
# after about 44 updates, long before the first epoch ends.
import torch
from torch.optim.lr_scheduler import ExponentialLR
from tqdm import tqdm


def fit(net, loader, epochs, lr):
    opt = torch.optim.AdamW(net.parameters(), lr=lr)
    sched = ExponentialLR(opt, gamma=0.9)
    for epoch in range(epochs):
        for x, y in (bar := tqdm(loader)):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(net(x), y)
            loss.backward()
            opt.step()
            sched.step()  # expect: LR001
            bar.set_postfix(loss=loss.item())
