# A federated client trains a few local epochs per communication round and steps its scheduler once at the end of
# each call: the server (elsewhere) calls it every round, so the decay is per round, as intended.
import torch


class Client:
    def __init__(self, model, batches, local_epochs=2):
        self.model, self.batches, self.local_epochs = model, batches, local_epochs
        self.opt = torch.optim.SGD(model.parameters(), lr=0.05)
        self.per_round = torch.optim.lr_scheduler.ExponentialLR(self.opt, gamma=0.98)

    def local_train(self):
        for epoch in range(self.local_epochs):
            for x, y in self.batches:
                self.opt.zero_grad()
                torch.nn.functional.cross_entropy(self.model(x), y).backward()
                self.opt.step()
        self.per_round.step()
        return self.model.state_dict()
