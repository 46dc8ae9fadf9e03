# Both arms define `lr_lambda` and both return factors (a linear warmup, an exponential decay): each LambdaLR reads
# the def just above it, neither returns an LR.
import torch


def scheduler_for(optimizer, name, warmup_steps=1000, gamma=0.97):
    if name == "warmup":
        def lr_lambda(step):
            return min(1.0, step / warmup_steps)
        sched = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)
    elif name == "exp":
        def lr_lambda(epoch):
            return gamma ** epoch
        sched = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)
    else:
        sched = None
    return sched
