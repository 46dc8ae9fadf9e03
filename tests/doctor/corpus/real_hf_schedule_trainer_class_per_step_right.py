# Trainer class: linear warmup/decay sized len(loader) * epochs, stepped after every optimizer step in train_epoch().
import torch
from transformers import get_linear_schedule_with_warmup


class Trainer:
    def __init__(self, model, train_loader, epochs=4, lr=2e-5, warmup_ratio=0.1):
        self.model = model
        self.train_loader = train_loader
        self.epochs = epochs
        self.optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
        total = len(self.train_loader) * self.epochs
        self.scheduler = get_linear_schedule_with_warmup(
            self.optimizer, num_warmup_steps=int(warmup_ratio * total), num_training_steps=total)

    def train_epoch(self):
        self.model.train()
        for batch in self.train_loader:
            loss = self.model(**batch).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
            self.optimizer.step()
            self.scheduler.step()
            self.optimizer.zero_grad()

    def fit(self):
        for epoch in range(self.epochs):
            self.train_epoch()
