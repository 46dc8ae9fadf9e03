# Per-step warmup + cosine in a Trainer class: the cosine after the warmup still spans all total_steps.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR


class Trainer:
    def __init__(self, model, train_loader, epochs=20, warmup_steps=500):
        self.model = model
        self.train_loader = train_loader
        self.epochs = epochs
        self.optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        total_steps = epochs * len(train_loader)
        self.scheduler = SequentialLR(
            self.optimizer,
            [LinearLR(self.optimizer, start_factor=0.01, total_iters=warmup_steps),
             CosineAnnealingLR(self.optimizer, T_max=total_steps)],  # expect: LR005
            milestones=[warmup_steps])

    def fit(self):
        for epoch in range(self.epochs):
            for x, y in self.train_loader:
                self.optimizer.zero_grad()
                torch.nn.functional.cross_entropy(self.model(x), y).backward()
                self.optimizer.step()
                self.scheduler.step()
