# A Trainer class builds a plateau scheduler in __init__ and steps it without the metric in on_epoch_end().
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


class Trainer:
    def __init__(self, model, train_loader, val_loader, lr=1e-3, epochs=50):
        self.model = model
        self.train_loader = train_loader
        self.val_loader = val_loader
        self.epochs = epochs
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        self.scheduler = ReduceLROnPlateau(self.optimizer, mode="min", factor=0.5, patience=5)
        self.history = []

    def validate(self):
        self.model.eval()
        with torch.no_grad():
            return sum(self.model(x, y).item() for x, y in self.val_loader) / len(self.val_loader)

    def on_epoch_end(self, epoch):
        val_loss = self.validate()
        self.history.append(val_loss)
        self.scheduler.step()  # expect: LR003

    def train(self):
        for epoch in range(self.epochs):
            self.model.train()
            for x, y in self.train_loader:
                self.optimizer.zero_grad()
                self.model(x, y).backward()
                self.optimizer.step()
            self.on_epoch_end(epoch)
