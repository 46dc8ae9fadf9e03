# LambdaLR functions that return factors: a ratio to the base LR, a plain warmup fraction, and the Noam recipe
# with lr=1 on the optimizer (where the function's value is the LR on purpose).
import math

import torch


def train(args, model, data_loader):
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.05)

    def lr_lambda(step):
        if step < args.warmup_steps:
            lr = args.lr * step / args.warmup_steps
        else:
            lr = 0.5 * args.lr * (1 + math.cos(math.pi * step / args.total_steps))
        return lr / args.lr

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=lr_lambda)
    for epoch in range(args.epochs):
        for images, targets in data_loader:
            optimizer.zero_grad()
            model(images, targets).backward()
            optimizer.step()
            scheduler.step()


def noam(model, loader, d_model=512, warmup=4000, epochs=10):
    opt = torch.optim.Adam(model.parameters(), lr=1.0, betas=(0.9, 0.98))
    rate = lambda s: d_model ** -0.5 * min((s + 1) ** -0.5, (s + 1) * warmup ** -1.5)  # noqa: E731
    sched = torch.optim.lr_scheduler.LambdaLR(opt, rate)
    for epoch in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            model(x, y).backward()
            opt.step()
            sched.step()
