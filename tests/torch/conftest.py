"""Helpers for the lrkit.torch tests: optimizers with several param groups, LR recording."""

import pytest
import torch

BASES = [0.1, 0.05, 0.2]


def make_opt(kind="sgd", bases=BASES, tensor_lr=False, **kw):
    params = [torch.nn.Parameter(torch.zeros(2)) for _ in bases]
    groups = [{"params": [p], "lr": torch.tensor(b) if tensor_lr else b} for p, b in zip(params, bases)]
    if kind == "sgd":
        return torch.optim.SGD(groups, lr=0.1, momentum=kw.pop("momentum", 0.9), **kw)
    return torch.optim.Adam(groups, lr=0.1, **kw)


def lrs(opt):
    return [float(g["lr"]) for g in opt.param_groups]


def moms(opt):
    return [float(g["betas"][0]) if "betas" in g else float(g["momentum"]) for g in opt.param_groups]


@pytest.fixture(autouse=True)
def _one_thread():
    torch.set_num_threads(1)
