# A Trainer class with a schedule-free optimizer and no decay: warmup_steps only, train/eval switched.
import schedulefree
import torch


class Trainer:
    def __init__(self, model, loader, epochs=50):
        self.model = model
        self.loader = loader
        self.epochs = epochs
        self.optimizer = schedulefree.AdamWScheduleFree(model.parameters(), lr=1e-3, warmup_steps=100)

    def fit(self, evaluate):
        for epoch in range(self.epochs):
            self.model.train()
            self.optimizer.train()
            for x, y in self.loader:
                self.optimizer.zero_grad()
                torch.nn.functional.cross_entropy(self.model(x), y).backward()
                self.optimizer.step()
            self.model.eval()
            self.optimizer.eval()
            evaluate(self.model)
