# A trainer class restores a checkpoint in its own method by assigning the pickled scheduler object to
# self.lr_scheduler: from then on it steps an unpickled copy of the optimizer, not self.optim.
import torch
from transformers import get_linear_schedule_with_warmup


class Runner:
    def __init__(self, net, loader, epochs):
        self.net, self.loader, self.epochs = net, loader, epochs
        self.optim = torch.optim.AdamW(net.parameters(), lr=2e-5)
        self.lr_scheduler = get_linear_schedule_with_warmup(self.optim, 100, epochs * len(loader))

    def restore(self, path):
        blob = torch.load(path, weights_only=False)
        self.net.load_state_dict(blob["weights"])
        self.optim.load_state_dict(blob["optimizer_state"])
        self.lr_scheduler = blob["scheduler"]  # expect: LR020

    def train(self):
        for _ in range(self.epochs):
            for x, y in self.loader:
                self.optim.zero_grad()
                torch.nn.functional.mse_loss(self.net(x), y).backward()
                self.optim.step()
                self.lr_scheduler.step()
