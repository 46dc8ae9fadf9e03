# Wrong: a Trainer class sizes the linear schedule as (optimizer, total_steps, (epochs - 1) * total_steps) with
# total_steps one epoch of batches; fit() is called once with the default epochs=2, so the warmup is the whole
# schedule (the LR only rises, then the run goes on past its end).
import torch
from transformers import get_linear_schedule_with_warmup


class Trainer:
    def __init__(self, model, loader):
        self.model = model
        self.loader = loader

    def fit(self, epochs=2, learning_rate=2e-5):
        total_steps = len(self.loader)
        optimizer = torch.optim.AdamW(self.model.parameters(), lr=learning_rate)
        scheduler = get_linear_schedule_with_warmup(  # expect: LR017
            optimizer, total_steps, (epochs - 1) * total_steps)
        for epoch in range(epochs):
            for x, y in self.loader:
                optimizer.zero_grad()
                torch.nn.functional.mse_loss(self.model(x), y).backward()
                optimizer.step()
                scheduler.step()


Trainer(build_model(), train_loader).fit()
