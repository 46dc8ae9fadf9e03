# A hand-written warmup + cosine returns the learning rate itself; LambdaLR multiplies the optimizer's LR by it.
import math

import torch


def train(args, model, data_loader):
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.base_lr, weight_decay=0.05)

    def lr_lambda(step):
        if step < args.warmup_steps:
            lr = args.lr * step / args.warmup_steps
        else:
            lr = 0.5 * args.lr * (1 + math.cos(math.pi * step / args.total_steps))
        return lr

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=lr_lambda)  # expect: LR039
    for epoch in range(args.epochs):
        for images, targets in data_loader:
            optimizer.zero_grad()
            model(images, targets).backward()
            optimizer.step()
            scheduler.step()


def step_decay(model, loader, base_lr=0.1, epochs=90):
    opt = torch.optim.SGD(model.parameters(), lr=base_lr, momentum=0.9)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: base_lr * 0.1 ** (e // 30))  # expect: LR039
    for epoch in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            model(x, y).backward()
            opt.step()
        sched.step()
