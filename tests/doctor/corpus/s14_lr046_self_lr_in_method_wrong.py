# A Trainer's adjust_lr(epoch) scales self.lr by gamma ** epoch and writes it into the param groups, called every
# epoch: the running value is scaled by the factor of all epochs so far, gamma ** (1 + 2 + ... + epoch).
import torch


class Trainer:
    def __init__(self, model, loader, lr=1e-3, gamma=0.95):
        self.model, self.loader, self.lr, self.gamma = model, loader, lr, gamma
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr)

    def adjust_lr(self, epoch):
        self.lr *= self.gamma ** epoch  # expect: LR046
        for group in self.optimizer.param_groups:
            group["lr"] = self.lr

    def fit(self, epochs):
        for epoch in range(epochs):
            for x, y in self.loader:
                self.optimizer.zero_grad()
                self.model(x, y).backward()
                self.optimizer.step()
            self.adjust_lr(epoch)
