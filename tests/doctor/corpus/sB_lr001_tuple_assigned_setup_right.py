# setup() stores the optimizer and its epoch-sized cosine with one tuple assignment; the loop steps the cosine
# once per epoch, after the batch loop.
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
            self.scheduler.step()


Regressor(torch.nn.Linear(6, 1)).train(DataLoader(TensorDataset(torch.randn(800, 6), torch.randn(800, 1)),
                                                  batch_size=16))
