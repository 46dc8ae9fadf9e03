# Wrong: functions the file never calls (a notebook's Trainer class, a module imported by a runner) are judged
# with their parameters' defaults: fit() with epochs=2 makes the warmup (one epoch) equal to the whole schedule
# ((epochs - 1) epochs); train() with epochs=30 steps a 10-epoch cosine past its end.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR
from transformers import get_linear_schedule_with_warmup


class Trainer:
    def __init__(self, model, loader):
        self.model = model
        self.loader = loader

    def fit(self, epochs=2, lr=2e-5):
        steps_per_epoch = len(self.loader)
        optimizer = torch.optim.AdamW(self.model.parameters(), lr=lr)
        scheduler = get_linear_schedule_with_warmup(optimizer, steps_per_epoch, (epochs - 1) * steps_per_epoch)  # expect: LR017
        for epoch in range(epochs):
            for batch in self.loader:
                self.model(**batch).loss.backward()
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()


def train(model, train_loader, epochs=30, lr=0.1):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    scheduler = CosineAnnealingLR(optimizer, T_max=10)  # expect: LR013
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()
