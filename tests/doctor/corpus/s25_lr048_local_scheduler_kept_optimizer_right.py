# A federated client builds a fresh StepLR on its long-lived optimizer at each round and steps it once at the end:
# torch's StepLR scales the optimizer's current LR, which the optimizer keeps, so the LR decays once per round as
# intended, although the scheduler object itself is dropped on return.
import torch


class Client:
    def __init__(self, model, batches):
        self.model, self.batches = model, batches
        self.opt = torch.optim.SGD(model.parameters(), lr=0.05)

    def local_round(self, local_epochs=2):
        decay = torch.optim.lr_scheduler.StepLR(self.opt, step_size=1, gamma=0.95)
        for epoch in range(local_epochs):
            for x, y in self.batches:
                self.opt.zero_grad()
                torch.nn.functional.cross_entropy(self.model(x), y).backward()
                self.opt.step()
        decay.step()
        return self.model.state_dict()
