# Two optimizers decayed at the milestones in opt.lr_step: the first gets the absolute opt.lr * 0.1 ** (i + 1),
# the second multiplies its running LR by 0.1 ** (i + 1), so from the second milestone on it falls x0.01, x0.001.
import torch


def train(opt, model, second, loader, optimizer, optimizer_second):
    for epoch in range(opt.num_epochs):
        for batch in loader:
            optimizer.zero_grad()
            optimizer_second.zero_grad()
            (model(batch) + second(batch)).backward()
            optimizer.step()
            optimizer_second.step()
        if epoch in opt.lr_step:
            lr = opt.lr * (0.1 ** (opt.lr_step.index(epoch) + 1))
            for group in optimizer.param_groups:
                group["lr"] = lr
            for group in optimizer_second.param_groups:
                group["lr"] = group["lr"] * (0.1 ** (opt.lr_step.index(epoch) + 1))  # expect: LR046
