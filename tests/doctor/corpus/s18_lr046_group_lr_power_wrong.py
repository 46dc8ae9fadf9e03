# The ImageNet-style helper meant "initial LR * 0.1 ** (epoch // 5)" but multiplies each group's current LR,
# which already holds the last epoch's decay: x0.1 in each of epochs 5-9, x0.01 in each of 10-14, ...
import torch


def adjust_learning_rate(optimizer, epoch):
    for param_group in optimizer.param_groups:
        param_group["lr"] = param_group["lr"] * (0.1 ** (epoch // 5))  # expect: LR046


def main(model, train_loader, epochs=100):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    for epoch in range(epochs):
        adjust_learning_rate(optimizer, epoch)
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
