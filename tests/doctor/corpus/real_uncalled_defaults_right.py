# Right: functions the file never calls, correct at their defaults: a warmup of one epoch in a 3-epoch linear
# schedule, a cosine over the default number of epochs.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR
from transformers import get_linear_schedule_with_warmup


class Trainer:
    def __init__(self, model, loader):
        self.model = model
        self.loader = loader

    def fit(self, epochs=3, lr=2e-5):
        steps_per_epoch = len(self.loader)
        optimizer = torch.optim.AdamW(self.model.parameters(), lr=lr)
        scheduler = get_linear_schedule_with_warmup(optimizer, steps_per_epoch, epochs * steps_per_epoch)
        for epoch in range(epochs):
            for batch in self.loader:
                self.model(**batch).loss.backward()
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()


def train(model, train_loader, epochs=30, lr=0.1):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    scheduler = CosineAnnealingLR(optimizer, T_max=epochs)
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()
