"""Shared by the lrkit.torch tests: optimizers with several param groups, LR recording, the torch cases."""

import torch
from torch.optim import lr_scheduler as tl

import lrkit as lk

BASES = [0.1, 0.05, 0.2]


def make_opt(kind="sgd", bases=BASES, tensor_lr=False, **kw):
    params = [torch.nn.Parameter(torch.zeros(2)) for _ in bases]
    groups = [{"params": [p], "lr": torch.tensor(b) if tensor_lr else b} for p, b in zip(params, bases)]
    if kind == "sgd":
        return torch.optim.SGD(groups, lr=0.1, momentum=kw.pop("momentum", 0.9), **kw)
    return torch.optim.Adam(groups, lr=0.1, **kw)


def lrs(opt):
    return [float(g["lr"]) for g in opt.param_groups]


def run_updates(sched, opt, n):
    """``n`` updates (optimizer then scheduler); the first group's LR each one used."""
    used = []
    for _ in range(n):
        used.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.advance() if sched.controller is not None else sched.step()
    return used


def moms(opt):
    return [float(g["betas"][0]) if "betas" in g else float(g["momentum"]) for g in opt.param_groups]


def _cyc(opt):
    return tl.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=5, step_size_down=8, mode="triangular2")


def _lambda(step):
    return 0.9 ** step


# (id, torch factory, lrkit schedule, total_steps, steps to run, optimizer kind)
CASES = [
    ("StepLR", lambda o: tl.StepLR(o, step_size=7, gamma=0.5), "step(7, gamma=0.5)", None, 40, "sgd"),
    ("MultiStepLR", lambda o: tl.MultiStepLR(o, [10, 25], gamma=0.3), "multistep([10, 25], gamma=0.3)", None, 40, "sgd"),
    ("ConstantLR", lambda o: tl.ConstantLR(o, factor=0.5, total_iters=5), "constant(5, factor=0.5) >> constant", None, 20, "sgd"),
    ("LinearLR-warmup", lambda o: tl.LinearLR(o, start_factor=0.25, total_iters=10), "warmup(10, start_factor=0.25)", None, 20, "sgd"),
    ("LinearLR-decay", lambda o: tl.LinearLR(o, 1.0, 0.1, total_iters=20), "linear(20, start_factor=1, end_factor=0.1)", None, 30, "sgd"),
    ("ExponentialLR", lambda o: tl.ExponentialLR(o, gamma=0.95), "exponential(gamma=0.95)", None, 40, "sgd"),
    ("PolynomialLR", lambda o: tl.PolynomialLR(o, total_iters=30, power=2.0), "poly(30, power=2)", None, 40, "sgd"),
    ("CosineAnnealingLR", lambda o: tl.CosineAnnealingLR(o, T_max=40, eta_min=1e-3), "cosine(min_lr=0.001)", 40, 40, "sgd"),
    ("CosineAnnealingWarmRestarts", lambda o: tl.CosineAnnealingWarmRestarts(o, T_0=10, T_mult=2, eta_min=1e-3),
     "restarts(10, period_mult=2, min_lr=0.001)", None, 60, "sgd"),
    ("CyclicLR-sgd", _cyc, "cyclic(5, 8, base_lr=0.01, max_lr=0.1, mode=triangular2)", None, 45, "sgd"),
    ("CyclicLR-adam", lambda o: tl.CyclicLR(o, 0.01, 0.1, step_size_up=4, mode="exp_range", gamma=0.97),
     "cyclic(4, base_lr=0.01, max_lr=0.1, mode=exp_range, gamma=0.97)", None, 30, "adam"),
    ("OneCycleLR-sgd", lambda o: tl.OneCycleLR(o, max_lr=0.1, total_steps=50), "onecycle(max_lr=0.1)", 50, 50, "sgd"),
    ("OneCycleLR-adam-3phase", lambda o: tl.OneCycleLR(o, max_lr=0.3, total_steps=50, three_phase=True,
                                                       anneal_strategy="linear"),
     "onecycle(max_lr=0.3, three_phase=true, anneal_strategy=linear)", 50, 50, "adam"),
    ("LambdaLR", lambda o: tl.LambdaLR(o, _lambda), lk.lambda_(_lambda), None, 30, "sgd"),
    ("SequentialLR", lambda o: tl.SequentialLR(o, [tl.LinearLR(o, 0.01, total_iters=5), tl.CosineAnnealingLR(o, 35)],
                                               milestones=[5]),
     "warmup(5, start_factor=0.01) >> cosine", 40, 40, "sgd"),
    ("ChainedScheduler", lambda o: tl.ChainedScheduler([tl.ExponentialLR(o, 0.9), tl.StepLR(o, 10, 0.5)]),
     "exponential(gamma=0.9) * step(10, gamma=0.5)", None, 30, "sgd"),
]
