# The same literal epoch horizon (T_max=200 for 200 epochs) stepped once per epoch, after the batch loop: right.
import torch


def train(model, loader, epochs=200):
    sgd = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(sgd, T_max=200)
    for epoch in range(epochs):
        for x, y in loader:
            sgd.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            sgd.step()
        sched.step()
