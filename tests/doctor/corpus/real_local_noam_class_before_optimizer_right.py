# A plain class of the project (not a torch scheduler) whose step() computes the Noam rate and writes it for the
# coming update: calling it before optimizer.step() is how it is meant to be used.
import torch


class NoamRate:
    def __init__(self, optimizer, d_model, warmup):
        self.optimizer, self.d_model, self.warmup, self.n = optimizer, d_model, warmup, 0

    def step(self):
        self.n += 1
        lr = self.d_model ** -0.5 * min(self.n ** -0.5, self.n * self.warmup ** -1.5)
        for group in self.optimizer.param_groups:
            group["lr"] = lr


def train(model, loader, epochs):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.0, betas=(0.9, 0.98))
    lr_scheduler = NoamRate(optimizer, d_model=512, warmup=4000)
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            model(x, y).backward()
            lr_scheduler.step()
            optimizer.step()
