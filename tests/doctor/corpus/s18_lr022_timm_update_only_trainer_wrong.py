# A Trainer class builds a timm StepLRScheduler with t_in_epochs=True and advances it with step_update after each
# optimizer step; the epoch-counted scheduler ignores those calls and never decays.
import torch
from timm.scheduler.step_lr import StepLRScheduler


class Trainer:
    def __init__(self, model, loader, epochs=100):
        self.model = model
        self.loader = loader
        self.epochs = epochs
        self.optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        self.scheduler = StepLRScheduler(self.optimizer, decay_t=30, decay_rate=0.1, t_in_epochs=True)  # expect: LR022
        self.updates = 0

    def fit(self):
        for epoch in range(self.epochs):
            for x, y in self.loader:
                self.optimizer.zero_grad()
                torch.nn.functional.cross_entropy(self.model(x), y).backward()
                self.optimizer.step()
                self.updates += 1
                self.scheduler.step_update(num_updates=self.updates)
