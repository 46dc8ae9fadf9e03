# The same helper, but the loop always passes the base LR (args.lr) and keeps the result apart: each call starts
# from the base, nothing compounds. Right.
import torch


def adjust_learning_rate(optimizer, epoch, lr):
    lr = lr * (0.5 ** (epoch // 20))
    for param_group in optimizer.param_groups:
        param_group["lr"] = lr
    return lr


def main(args, model, loader, loss_fn):
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    for epoch in range(100):
        for x, y in loader:
            optimizer.zero_grad()
            loss_fn(model(x), y).backward()
            optimizer.step()
        current_lr = adjust_learning_rate(optimizer, epoch, args.lr)
        print(epoch, current_lr)
