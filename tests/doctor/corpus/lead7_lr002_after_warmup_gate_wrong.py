# A cosine sized in batches (T_max=len(loader)) stepped once per epoch, only once the warm-up epochs are over:
# after the gate it still advances one step an epoch, so it covers 1/len(loader) of its curve.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


def train(args, net, loader):
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr)
    scheduler = CosineAnnealingLR(optimizer, T_max=len(loader), eta_min=0)
    for epoch in range(args.max_epoch):
        for inputs, labels in loader:
            optimizer.zero_grad()
            net(inputs).sum().backward()
            optimizer.step()
        if epoch >= args.warm_up:
            scheduler.step()  # expect: LR002


def train_else_arm(args, net, loader):
    optimizer = torch.optim.SGD(net.parameters(), lr=args.lr)
    scheduler = CosineAnnealingLR(optimizer, T_max=len(loader))
    for epoch in range(args.max_epoch):
        for inputs, labels in loader:
            optimizer.zero_grad()
            net(inputs).sum().backward()
            optimizer.step()
        if epoch < args.warmup_epochs:
            for g in optimizer.param_groups:
                g["lr"] = args.lr * (epoch + 1) / args.warmup_epochs
        else:
            scheduler.step()  # expect: LR002
