# Right: ExponentialLR multiplies whatever LR the optimizer holds. Rebuilt after the optimizer's state (its decayed LR)
# is loaded back, the decay simply goes on from there: nothing of the schedule is lost on the resume.
import argparse

import torch
from torch import nn


class Runner:
    def __init__(self, args, net, batches):
        opt = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9)
        self.net, self.opt, self.batches = net, opt, batches
        if args.resume:
            state = torch.load(args.resume)
            args.first_epoch = state["epoch"]
            self.net.load_state_dict(state["net"])
            self.opt.load_state_dict(state["opt"])
        self.decay = torch.optim.lr_scheduler.ExponentialLR(opt, 0.9)

    def fit(self, args):
        for epoch in range(args.first_epoch, args.epochs):
            for x, y in self.batches:
                self.opt.zero_grad()
                nn.functional.cross_entropy(self.net(x), y).backward()
                self.opt.step()
            self.decay.step()
            torch.save({"epoch": epoch + 1, "net": self.net.state_dict(), "opt": self.opt.state_dict()}, "last.pt")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--epochs", type=int, default=60)
    p.add_argument("--first_epoch", type=int, default=0)
    p.add_argument("--resume", default="")
    a = p.parse_args()
    Runner(a, nn.Linear(8, 3), [(torch.randn(4, 8), torch.randint(0, 3, (4,)))]).fit(a)
