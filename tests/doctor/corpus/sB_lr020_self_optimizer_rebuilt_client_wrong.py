# A federated client builds its optimizer and a LambdaLR on it in setup(); each round's local training builds a
# new self.optimizer and steps it, then steps self.scheduler, which still drives the first optimizer: the
# optimizer that trains never sees the schedule.
import torch


class Client:
    def __init__(self, model, loader, lr=0.01, epochs=5):
        self.model, self.loader, self.lr, self.epochs = model, loader, lr, epochs

    def setup(self, rounds):
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=self.lr)
        self.scheduler = torch.optim.lr_scheduler.LambdaLR(self.optimizer, lambda r: 0.98 ** r)

    def local_train(self):
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=self.lr, momentum=0.5)
        for epoch in range(self.epochs):
            for x, y in self.loader:
                self.optimizer.zero_grad()
                torch.nn.functional.cross_entropy(self.model(x), y).backward()
                self.optimizer.step()
            self.scheduler.step()  # expect: LR020
        return self.model.state_dict()
