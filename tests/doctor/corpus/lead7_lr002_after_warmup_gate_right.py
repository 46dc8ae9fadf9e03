# Right: schedules sized in epochs stepped once per epoch after a warm-up gate, and a schedule sized in batches
# stepped every batch once the warm-up epochs are over.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, StepLR


def train(args, net, loader):
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr)
    scheduler = CosineAnnealingLR(optimizer, T_max=args.max_epoch - args.warm_up, eta_min=0)
    for epoch in range(args.max_epoch):
        for inputs, labels in loader:
            optimizer.zero_grad()
            net(inputs).sum().backward()
            optimizer.step()
        if epoch >= args.warm_up:
            scheduler.step()


def train_step_decay(args, net, loader):
    optimizer = torch.optim.SGD(net.parameters(), lr=args.lr)
    scheduler = StepLR(optimizer, step_size=30)
    for epoch in range(args.max_epoch):
        for inputs, labels in loader:
            optimizer.zero_grad()
            net(inputs).sum().backward()
            optimizer.step()
        if args.warmup_epochs <= epoch:
            scheduler.step()


def train_batches(args, net, loader):
    optimizer = torch.optim.SGD(net.parameters(), lr=args.lr)
    scheduler = CosineAnnealingLR(optimizer, T_max=len(loader) * (args.max_epoch - args.warm_up))
    for epoch in range(args.max_epoch):
        for inputs, labels in loader:
            optimizer.zero_grad()
            net(inputs).sum().backward()
            optimizer.step()
            if epoch >= args.warm_up:
                scheduler.step()
