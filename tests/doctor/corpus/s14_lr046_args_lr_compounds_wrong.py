# Old-PyTorch text classifier: every 30 epochs the option itself is decayed with the factor of the whole run so
# far (args.lr * 0.1 ** (epoch // 30)) and the optimizer is rebuilt from it each epoch: 1e-1, 1e-2, 1e-4, 1e-7.
import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.1)
args = parser.parse_args()
model = torch.nn.Linear(300, 5)


def train(epoch, loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    for x, y in loader:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()


if __name__ == "__main__":
    for epoch in range(1, 120):
        train(epoch, train_loader)
        if epoch % 30 == 0:
            args.lr = args.lr * (0.1 ** (epoch // 30))  # expect: LR046
            print("lr is now", args.lr)
