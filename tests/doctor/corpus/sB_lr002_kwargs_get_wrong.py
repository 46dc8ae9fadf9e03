# The runner reads its parts with kwargs.get(...). OneCycleLR is sized for len(loader) steps per epoch, but the
# runner's fit() steps it once per epoch, after validation: the LR stays in the first part of its warm-up.
import torch
from torch.utils.data import DataLoader, TensorDataset


class Runner:
    def __init__(self, net, **kwargs):
        self.net = net
        self.opt = kwargs.get("opt")
        self.lr_scheduler = kwargs.get("lr_scheduler", None)

    def fit(self, loader, epochs):
        for epoch in range(epochs):
            self.net.train()
            for x, y in loader:
                self.opt.zero_grad()
                torch.nn.functional.mse_loss(self.net(x), y).backward()
                self.opt.step()
            self.lr_scheduler.step()  # expect: LR002


loader = DataLoader(TensorDataset(torch.randn(1024, 8), torch.randn(1024, 1)), batch_size=64, shuffle=True)
net = torch.nn.Linear(8, 1)
opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, epochs=30, steps_per_epoch=len(loader))
Runner(net, opt=opt, lr_scheduler=sched).fit(loader, 30)
