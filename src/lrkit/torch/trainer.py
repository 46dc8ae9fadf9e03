"""What the trainer adapters (HF, Lightning) share: unwrapping optimizers and a trainer-driven scheduler.

Trainers (HF ``Trainer``, Lightning) call ``scheduler.step()`` once per optimizer
step without arguments, and feed a validation metric through a different path.
:class:`TrainerScheduler` is :class:`lrkit.torch.LRScheduler` with that split: a
bare ``step()`` on a ``plateau(...)`` schedule moves the position along
(``advance()``), ``step(metric)`` feeds the plateau controller.

>>> import torch
>>> from lrkit.torch.trainer import TrainerScheduler
>>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
>>> s = TrainerScheduler(opt, "warmup(2) >> plateau(patience=0)", total_steps=10)
>>> for _ in range(2):
...     opt.step(); s.step()               # what the trainer calls per optimizer step
>>> s.step(1.0); s.step(1.0)               # what the metric path calls per evaluation
>>> s.get_last_lr(), s.reductions
([0.010000000000000002], 1)
"""

from __future__ import annotations

from typing import Any

import torch

from ..errors import LRKitError
from ..schedules.validate import check_int
from .scheduler import LRScheduler

__all__ = ["TrainerScheduler", "unwrap_optimizer", "make_scheduler", "MonitorResults"]


def unwrap_optimizer(optimizer: Any) -> torch.optim.Optimizer:
    """The torch optimizer inside a wrapper (accelerate's ``AcceleratedOptimizer``, Lightning's).

    Wrappers forward ``step()`` to the inner optimizer, whose step hooks are the
    ones that fire, so lrkit attaches to the inner one.

    >>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    >>> unwrap_optimizer(opt) is opt
    True
    """
    seen = 0
    while not _is_plain(optimizer) and isinstance(getattr(optimizer, "optimizer", None), torch.optim.Optimizer) \
            and seen < 8:
        optimizer = optimizer.optimizer
        seen += 1
    if not isinstance(optimizer, torch.optim.Optimizer):
        raise LRKitError(f"expected a torch.optim.Optimizer (or a wrapper of one), got {type(optimizer).__name__}")
    return optimizer


def _is_plain(optimizer: Any) -> bool:
    """A real optimizer (its own step hooks fire), not a forwarding wrapper."""
    return isinstance(optimizer, torch.optim.Optimizer) and hasattr(optimizer, "_optimizer_step_post_hooks") \
        and not hasattr(optimizer, "optimizer")


class TrainerScheduler(LRScheduler):
    """``lrkit.torch.LRScheduler`` for trainers that call a bare ``step()`` per optimizer step.

    Identical to :class:`lrkit.torch.LRScheduler` except that, for a schedule holding
    ``plateau(...)``, ``step()`` without a metric is ``advance()`` (the trainer's
    per-step call moves a warmup along) and ``step(metric)`` feeds the plateau.
    """

    def step(self, metric: Any = None, epoch: Any = None) -> None:  # type: ignore[override]
        if metric is None and epoch is None and self.controller is not None:
            self.advance()
        else:
            super().step(metric, epoch)


class MonitorResults:
    """What the trainers' ``MonitorCallback`` classes share: their :class:`lrkit.torch.Monitor`'s results.

    ``self.monitor`` is the Monitor once training started (else None).

    >>> r = MonitorResults()
    >>> r.findings, r.summary()
    ([], 'lrkit Monitor: not attached (training did not start)')
    """

    monitor: Any = None

    def close_monitor(self) -> None:
        """Close the Monitor (flush its log) if there is one."""
        if self.monitor is not None:
            self.monitor.close()

    @property
    def findings(self) -> list:
        return list(self.monitor.findings) if self.monitor is not None else []

    def summary(self) -> str:
        if self.monitor is None:
            return "lrkit Monitor: not attached (training did not start)"
        return self.monitor.summary()


def make_scheduler(optimizer: Any, schedule: Any, total_steps: int, *, steps_per_epoch: int | None = None,
                   per: str = "step", **kwargs: Any) -> TrainerScheduler:
    """A :class:`TrainerScheduler` on the unwrapped optimizer, errors phrased for trainer users.

    >>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    >>> make_scheduler(opt, "linear", 0)
    Traceback (most recent call last):
    lrkit.errors.LRKitError: the number of training steps must be a whole number >= 1 (set max_steps or num_train_epochs/max_epochs), got 0
    """
    if not isinstance(total_steps, str):  # a budget ("300Btok") is checked when bound
        check_int("", "the number of training steps", total_steps, ge=1,
                  note="set max_steps or num_train_epochs/max_epochs")
    return TrainerScheduler(unwrap_optimizer(optimizer), schedule, total_steps=total_steps,
                            steps_per_epoch=steps_per_epoch, per=per, **kwargs)
