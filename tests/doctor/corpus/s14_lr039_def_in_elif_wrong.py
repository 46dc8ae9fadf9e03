# The scheduler is chosen in an if/elif chain and the "triangle" option's function is defined inside its own arm;
# it interpolates between learning rates (lr, 10 * lr, lr) instead of factors, so LambdaLR trains at LR x LR.
import numpy as np
import torch
from torch import optim


def build(args, model, train_loader):
    optimizer = optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    if args.scheduler == "step":
        scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1)
    elif args.scheduler == "triangle":
        def triangle(it):
            total = args.epochs * len(train_loader)
            return np.interp(it, [0, total // 4, total], [args.lr, args.lr * 10, args.lr])
        scheduler = optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=triangle)  # expect: LR039
    else:
        scheduler = None
    return optimizer, scheduler
