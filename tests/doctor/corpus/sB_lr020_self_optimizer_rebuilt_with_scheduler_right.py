# Each round the client rebuilds its optimizer and, right after it, the scheduler on that optimizer; the round's
# local training steps both.
import torch


class Client:
    def __init__(self, model, loader, lr=0.01, epochs=5):
        self.model, self.loader, self.lr, self.epochs = model, loader, lr, epochs
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=self.lr)
        self.scheduler = torch.optim.lr_scheduler.StepLR(self.optimizer, step_size=2, gamma=0.5)

    def reset(self):
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=self.lr, momentum=0.5)
        self.scheduler = torch.optim.lr_scheduler.StepLR(self.optimizer, step_size=2, gamma=0.5)

    def local_train(self):
        self.reset()
        for epoch in range(self.epochs):
            for x, y in self.loader:
                self.optimizer.zero_grad()
                torch.nn.functional.cross_entropy(self.model(x), y).backward()
                self.optimizer.step()
            self.scheduler.step()
        return self.model.state_dict()
