# A Trainer class sizes OneCycle in epochs (total_steps=self.epochs) and steps it once per epoch: consistent.
import torch
from torch.optim.lr_scheduler import OneCycleLR


class Trainer:
    def __init__(self, model, loader, epochs=30, max_lr=0.05):
        self.model = model
        self.loader = loader
        self.epochs = epochs
        self.optimizer = torch.optim.SGD(model.parameters(), lr=max_lr / 25, momentum=0.9)
        self.scheduler = OneCycleLR(self.optimizer, max_lr=max_lr, total_steps=self.epochs)

    def run_epoch(self):
        self.model.train()
        for x, y in self.loader:
            self.optimizer.zero_grad()
            torch.nn.functional.cross_entropy(self.model(x), y).backward()
            self.optimizer.step()

    def fit(self):
        for epoch in range(self.epochs):
            self.run_epoch()
            self.scheduler.step()
