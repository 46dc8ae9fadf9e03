# The Trainer keeps its parts with one tuple assignment (`self.optimizer, self.scheduler = optimizer, scheduler`).
# OneCycleLR is sized with steps_per_epoch=len(train_loader) but fit() steps it once per epoch.
import torch
from torch.utils.data import DataLoader, TensorDataset


class Trainer:
    def __init__(self, model, optimizer, scheduler, train_loader, epochs):
        self.model = model
        self.optimizer, self.scheduler = optimizer, scheduler
        self.train_loader, self.epochs = train_loader, epochs

    def fit(self):
        for epoch in range(self.epochs):
            self.model.train()
            for x, y in self.train_loader:
                self.optimizer.zero_grad()
                torch.nn.functional.cross_entropy(self.model(x), y).backward()
                self.optimizer.step()
            self.scheduler.step()  # expect: LR002


loader = DataLoader(TensorDataset(torch.randn(3000, 20), torch.randint(0, 4, (3000,))), batch_size=50, shuffle=True)
model = torch.nn.Linear(20, 4)
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.5, epochs=25, steps_per_epoch=len(loader))
Trainer(model, opt, sched, loader, 25).fit()
