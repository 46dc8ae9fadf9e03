# A module builds its optimizer and an epoch-sized cosine in setup() and stores both with one tuple assignment;
# the training loop steps the cosine after every batch, so its 30-epoch decay is spent in the first 30 batches.
import torch
from torch.utils.data import DataLoader, TensorDataset


class Regressor:
    def __init__(self, net, epochs=30):
        self.net, self.epochs = net, epochs

    def setup(self):
        optimizer = torch.optim.Adam(self.net.parameters(), lr=1e-3)
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=self.epochs)
        self.optimizer, self.scheduler = optimizer, scheduler

    def train(self, loader):
        self.setup()
        for epoch in range(self.epochs):
            for x, y in loader:
                self.optimizer.zero_grad()
                torch.nn.functional.mse_loss(self.net(x), y).backward()
                self.optimizer.step()
                self.scheduler.step()  # expect: LR001


Regressor(torch.nn.Linear(6, 1)).train(DataLoader(TensorDataset(torch.randn(800, 6), torch.randn(800, 1)),
                                                  batch_size=16))
