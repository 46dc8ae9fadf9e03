# A Trainer class keeps self.scheduler (epoch-sized cosine) and steps it inside its per-batch loop.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR
from tqdm import tqdm


class Trainer:
    def __init__(self, model, train_loader, val_loader, epochs=100, lr=1e-3):
        self.model = model
        self.train_loader = train_loader
        self.val_loader = val_loader
        self.epochs = epochs
        self.criterion = torch.nn.CrossEntropyLoss()
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        self.scheduler = CosineAnnealingLR(self.optimizer, T_max=self.epochs)

    def train_epoch(self, epoch):
        self.model.train()
        for x, y in tqdm(self.train_loader, desc=f"train {epoch}"):
            loss = self.criterion(self.model(x), y)
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
            self.scheduler.step()  # expect: LR001

    def fit(self):
        for epoch in range(self.epochs):
            self.train_epoch(epoch)
