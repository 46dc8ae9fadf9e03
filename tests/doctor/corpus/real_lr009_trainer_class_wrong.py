# A Trainer class trains for 100 epochs at a constant LR: no scheduler and no LR writes anywhere in the file.
import torch
from tqdm import tqdm


class Trainer:
    def __init__(self, model, train_loader):
        self.model = model
        self.train_loader = train_loader
        self.optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)  # expect: LR009

    def fit(self):
        for epoch in range(100):
            self.model.train()
            for x, y in tqdm(self.train_loader, leave=False):
                self.optimizer.zero_grad()
                torch.nn.functional.cross_entropy(self.model(x), y).backward()
                self.optimizer.step()
