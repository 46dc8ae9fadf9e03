# A Trainer class puts a cosine decay on top of a schedule-free optimizer (switched correctly with train/eval).
import schedulefree
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


class Trainer:
    def __init__(self, model, loader, epochs=50):
        self.model = model
        self.loader = loader
        self.epochs = epochs
        self.optimizer = schedulefree.AdamWScheduleFree(model.parameters(), lr=1e-3, warmup_steps=100)
        self.scheduler = CosineAnnealingLR(self.optimizer, T_max=self.epochs)  # expect: LR011

    def fit(self, evaluate):
        for epoch in range(self.epochs):
            self.model.train()
            self.optimizer.train()
            for x, y in self.loader:
                self.optimizer.zero_grad()
                torch.nn.functional.cross_entropy(self.model(x), y).backward()
                self.optimizer.step()
            self.scheduler.step()
            self.model.eval()
            self.optimizer.eval()
            evaluate(self.model)
