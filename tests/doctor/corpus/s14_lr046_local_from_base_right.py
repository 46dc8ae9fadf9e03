# The ImageNet-example shape: adjust_learning_rate computes a local lr from the option each call, then scales it by
# the factor of the whole run so far. A fresh value on every call: right (the decays do not compound).
import torch


def adjust_learning_rate(optimizer, epoch, args):
    lr = args.lr
    lr *= 0.1 ** (epoch // 30)
    for param_group in optimizer.param_groups:
        param_group["lr"] = lr


def main(args, model, train_loader, train_one_epoch):
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    for epoch in range(args.epochs):
        adjust_learning_rate(optimizer, epoch, args)
        train_one_epoch(model, train_loader, optimizer)
