# A Trainer class steps its scheduler at the start of train_epoch(), before the batch loop's optimizer steps.
import torch
from torch.optim.lr_scheduler import MultiStepLR
from tqdm import tqdm


class Trainer:
    def __init__(self, model, loader, epochs=120):
        self.model = model
        self.loader = loader
        self.epochs = epochs
        self.optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        self.scheduler = MultiStepLR(self.optimizer, milestones=[60, 90], gamma=0.1)

    def train_epoch(self, epoch):
        self.scheduler.step()  # expect: LR010
        self.model.train()
        for x, y in tqdm(self.loader, desc=f"epoch {epoch}"):
            self.optimizer.zero_grad()
            torch.nn.functional.cross_entropy(self.model(x), y).backward()
            self.optimizer.step()

    def fit(self):
        for epoch in range(self.epochs):
            self.train_epoch(epoch)
