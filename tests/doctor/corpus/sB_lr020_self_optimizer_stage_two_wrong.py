# Two-stage fine-tuning: the trainer's cosine is built in __init__ on the first optimizer; stage two swaps in a
# new optimizer for the head only and keeps stepping the old scheduler, so the head trains at a constant LR.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


class FineTuner:
    def __init__(self, model, train_loader, epochs=10):
        self.model, self.train_loader, self.epochs = model, train_loader, epochs
        self.optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
        self.scheduler = CosineAnnealingLR(self.optimizer, T_max=epochs)

    def run_epoch(self):
        for x, y in self.train_loader:
            self.optimizer.zero_grad()
            torch.nn.functional.cross_entropy(self.model(x), y).backward()
            self.optimizer.step()

    def stage_one(self):
        for epoch in range(self.epochs):
            self.run_epoch()
            self.scheduler.step()

    def stage_two(self):
        self.optimizer = torch.optim.AdamW(self.model[-1].parameters(), lr=1e-3)
        for epoch in range(self.epochs):
            for x, y in self.train_loader:
                self.optimizer.zero_grad()
                torch.nn.functional.cross_entropy(self.model(x), y).backward()
                self.optimizer.step()
            self.scheduler.step()  # expect: LR020
