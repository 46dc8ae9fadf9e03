# A Trainer class holding a schedule-free optimizer switches self.optimizer.train()/.eval() with the model.
import schedulefree
import torch


class Trainer:
    def __init__(self, model, train_loader, val_loader, lr=1e-3):
        self.model = model
        self.train_loader = train_loader
        self.val_loader = val_loader
        self.optimizer = schedulefree.RAdamScheduleFree(model.parameters(), lr=lr)

    def train_epoch(self):
        self.model.train()
        self.optimizer.train()
        for x, y in self.train_loader:
            self.optimizer.zero_grad()
            torch.nn.functional.mse_loss(self.model(x), y).backward()
            self.optimizer.step()

    @torch.no_grad()
    def validate(self):
        self.model.eval()
        self.optimizer.eval()
        return sum(torch.nn.functional.mse_loss(self.model(x), y).item() for x, y in self.val_loader)

    def fit(self, epochs):
        for epoch in range(epochs):
            self.train_epoch()
            self.validate()
