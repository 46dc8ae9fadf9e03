"""lrkit for PyTorch: the drop-in ``LRScheduler``, ``ParamScheduler`` (any hyperparameter) and ``describe``.

Needs PyTorch (``pip install lrkit[torch]``).

>>> import torch, lrkit.torch
>>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
>>> sched = lrkit.torch.LRScheduler(opt, "warmup(5%) >> cosine", total_steps=100)
>>> sched.get_last_lr()
[0.0]
"""

from __future__ import annotations

from ..errors import require

require("torch", by="lrkit.torch", install="pip install lrkit[torch]")

from .scheduler import LRScheduler, as_schedule
from .params import ParamScheduler
from .describe import describe
from .monitor import Monitor

__all__ = ["LRScheduler", "ParamScheduler", "as_schedule", "describe", "Monitor"]
