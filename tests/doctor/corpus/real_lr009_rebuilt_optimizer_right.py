# No scheduler object, but the LR is decayed by hand: divided by 10 every 20 epochs and the optimizer rebuilt.
import torch

EPOCHS = 80


def train(model, loader):
    lr = 0.01
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    for epoch in range(EPOCHS):
        if epoch > 0 and epoch % 20 == 0:
            lr /= 10
            optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
        for x, y in loader:
            optimizer.zero_grad()
            model(x, y).backward()
            optimizer.step()
