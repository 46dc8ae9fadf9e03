# A Trainer given both loaders sizes its OneCycleLR with the validation loader's length and steps it after every
# training batch: with ten times fewer validation batches, its 10 x 16 steps are spent early in the second epoch
# (and OneCycleLR raises when stepped past its total).
import torch
from torch.optim.lr_scheduler import OneCycleLR
from torch.utils.data import DataLoader, TensorDataset


class Trainer:
    def __init__(self, model, train_loader, val_loader, epochs):
        self.model, self.epochs = model, epochs
        self.train_loader = train_loader
        self.val_loader = val_loader
        self.optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
        self.scheduler = OneCycleLR(self.optimizer, max_lr=1e-3, epochs=epochs,  # expect: LR055
                                    steps_per_epoch=len(self.val_loader))

    def fit(self):
        for epoch in range(self.epochs):
            for x, y in self.train_loader:
                self.optimizer.zero_grad()
                torch.nn.functional.mse_loss(self.model(x), y).backward()
                self.optimizer.step()
                self.scheduler.step()


train_loader = DataLoader(TensorDataset(torch.randn(5000, 8), torch.randn(5000, 1)), batch_size=32, shuffle=True)
val_loader = DataLoader(TensorDataset(torch.randn(500, 8), torch.randn(500, 1)), batch_size=32)
Trainer(torch.nn.Linear(8, 1), train_loader, val_loader, 10).fit()
