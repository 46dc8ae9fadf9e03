# Stage two builds a new optimizer for the head and a new cosine on it before its loop: each stage's scheduler
# drives the optimizer that trains in it.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


class FineTuner:
    def __init__(self, model, train_loader, epochs=10):
        self.model, self.train_loader, self.epochs = model, train_loader, epochs
        self.optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
        self.scheduler = CosineAnnealingLR(self.optimizer, T_max=epochs)

    def fit(self):
        for epoch in range(self.epochs):
            for x, y in self.train_loader:
                self.optimizer.zero_grad()
                torch.nn.functional.cross_entropy(self.model(x), y).backward()
                self.optimizer.step()
            self.scheduler.step()

    def stage_two(self):
        self.optimizer = torch.optim.AdamW(self.model[-1].parameters(), lr=1e-3)
        self.scheduler = CosineAnnealingLR(self.optimizer, T_max=self.epochs)
        self.fit()
