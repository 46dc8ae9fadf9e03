# The trainer builds a cosine schedule whose length and warm-up count examples (len(self.train_set) * epochs for
# loaders of batch 32) and forgets to step it: the LR stays at its start; stepping it as it stands would keep
# it in its warm-up for most of the run.
import torch
from torch.utils.data import DataLoader, Dataset
from transformers import get_cosine_schedule_with_warmup


class Pairs(Dataset):
    def __init__(self, n):
        self.x, self.y = torch.randn(n, 32), torch.randn(n, 1)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return self.x[i], self.y[i]


class Trainer:
    def __init__(self, model, epochs=5):
        self.model, self.epochs = model, epochs
        self.train_set = Pairs(9600)
        self.loader = DataLoader(self.train_set, batch_size=32, shuffle=True)
        self.optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
        self.scheduler = get_cosine_schedule_with_warmup(  # expect: LR018, LR022
            self.optimizer, num_warmup_steps=len(self.train_set) // 10,
            num_training_steps=len(self.train_set) * epochs)

    def fit(self):
        for epoch in range(self.epochs):
            for x, y in self.loader:
                self.optimizer.zero_grad()
                torch.nn.functional.mse_loss(self.model(x), y).backward()
                self.optimizer.step()


Trainer(torch.nn.Linear(32, 1)).fit()
