# A Trainer class runs one-cycle over a 300-epoch run (module constant), stepped correctly per batch.
import torch
from torch.optim.lr_scheduler import OneCycleLR

EPOCHS = 300


class Trainer:
    def __init__(self, model, train_loader):
        self.model = model
        self.train_loader = train_loader
        self.optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
        self.scheduler = OneCycleLR(self.optimizer, max_lr=0.2, epochs=EPOCHS,  # expect: LR008
                                    steps_per_epoch=len(train_loader))

    def fit(self):
        for epoch in range(EPOCHS):
            for x, y in self.train_loader:
                self.optimizer.zero_grad()
                torch.nn.functional.cross_entropy(self.model(x), y).backward()
                self.optimizer.step()
                self.scheduler.step()
