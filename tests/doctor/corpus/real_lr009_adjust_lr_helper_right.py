# Old ImageNet-example shape: adjust_learning_rate(optimizer, epoch, args) writes param_group["lr"] every epoch.
import torch


def adjust_learning_rate(optimizer, epoch, args):
    lr = args.lr * (0.1 ** (epoch // 30))
    for param_group in optimizer.param_groups:
        param_group["lr"] = lr


def main(args, model, train_loader, train):
    optimizer = torch.optim.SGD(model.parameters(), args.lr, momentum=args.momentum, weight_decay=args.weight_decay)
    for epoch in range(90):
        adjust_learning_rate(optimizer, epoch, args)
        train(train_loader, model, optimizer, epoch)
