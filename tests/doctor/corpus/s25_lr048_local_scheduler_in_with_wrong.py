# A method of a runner class trains inside a context manager (a memory guard around the loader). The schedule is
# built in the method and stepped after the epoch loop, still inside the `with`: one step after the run.
import contextlib

import torch


class Runner:
    def __init__(self, net, batches, epochs=30):
        self.net, self.batches, self.epochs = net, batches, epochs

    def fit(self):
        sgd = torch.optim.SGD(self.net.parameters(), lr=0.1, momentum=0.9)
        steps = torch.optim.lr_scheduler.MultiStepLR(sgd, milestones=[10, 20], gamma=0.1)
        with contextlib.nullcontext(self.batches) as guarded:
            self.net.train()
            for ep in range(self.epochs):
                for a, b in guarded:
                    sgd.zero_grad()
                    torch.nn.functional.cross_entropy(self.net(a), b).backward()
                    sgd.step()
            steps.step()  # expect: LR048
        return self.net
