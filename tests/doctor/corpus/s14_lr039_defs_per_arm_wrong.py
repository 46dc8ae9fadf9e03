# Two arms define a function of the same name: the warmup arm returns a factor (right), the decay arm returns
# base_lr * 0.5 ** k, an LR (wrong). Each LambdaLR reads the def of its own arm.
import torch
from torch.optim.lr_scheduler import LambdaLR

BASE_LR = 3e-4


def make_scheduler(optimizer, kind, warmup=500):
    if kind == "warmup":
        def schedule(step):
            return min(1.0, (step + 1) / warmup)
        return LambdaLR(optimizer, schedule)
    if kind == "halving":
        def schedule(epoch):
            return BASE_LR * 0.5 ** (epoch // 10)
        return LambdaLR(optimizer, schedule)  # expect: LR039
    raise ValueError(kind)
