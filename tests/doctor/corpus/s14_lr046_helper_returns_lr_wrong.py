# adjust_learning_rate takes the current LR, scales it by the factor of the whole run so far and returns it; the
# loop feeds the result back in (lr = adjust_learning_rate(optimizer, epoch, lr)), so the decays compound.
import torch


def adjust_learning_rate(optimizer, epoch, lr):
    lr = lr * (0.5 ** (epoch // 20))  # expect: LR046
    for param_group in optimizer.param_groups:
        param_group["lr"] = lr
    return lr


def main(model, loader, loss_fn, lr=0.01):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    for epoch in range(100):
        for x, y in loader:
            optimizer.zero_grad()
            loss_fn(model(x), y).backward()
            optimizer.step()
        lr = adjust_learning_rate(optimizer, epoch, lr)
