"""Counting an optimizer's real updates, and telling whether a backward pass ran in between.

:class:`lrkit.torch.LRScheduler` places its schedule at the number of real optimizer
updates: a step post-hook counts them (one :class:`UpdateCounter` per optimizer, shared by
its lrkit schedulers), skipping an update a ``GradScaler`` skipped in a fused optimizer.
:func:`fingerprint` (identity and version of a few gradients) tells whether a backward pass
ran between two ``scheduler.step()`` calls, for the ordering warnings.

>>> import torch
>>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
>>> counter = UpdateCounter.of(opt)
>>> opt.step(); opt.step()
>>> counter.updates, UpdateCounter.of(opt) is counter
(2, True)
"""

from __future__ import annotations

import weakref
from typing import Any

import torch

__all__ = ["UpdateCounter", "fingerprint", "same_fingerprint"]

_FINGERPRINT_PARAMS = 4


class UpdateCounter:
    """Counts the optimizer's real updates (one per optimizer, shared by its lrkit schedulers)."""

    def __init__(self, optimizer: torch.optim.Optimizer):
        self.updates = 0
        # schedulers whose last step() saw no update: told about the next one (ordering check)
        self.pending: list[weakref.ref] = []
        ref = weakref.ref(optimizer)

        def count(opt: Any) -> None:
            # a fused optimizer under GradScaler receives found_inf and skips the update itself
            found_inf = getattr(opt, "found_inf", None)
            if found_inf is not None and float(found_inf) != 0.0:
                return
            self.updates += 1
            if self.pending:
                waiting, self.pending = self.pending, []
                for r in waiting:
                    sched = r()
                    if sched is not None:
                        sched._on_update(ref())

        # inside a torch.compile'd step, dynamo must not trace the Python counter (it would guard on
        # its value and recompile every step): there the count runs as an eager, dynamo-disabled call
        count_eager = torch.compiler.disable(count)
        is_compiling = torch.compiler.is_compiling

        def hook(opt: Any, args: Any, kwargs: Any) -> None:
            if is_compiling():
                count_eager(opt)
            else:
                count(opt)

        self.handle = optimizer.register_step_post_hook(hook)

    @classmethod
    def of(cls, optimizer: torch.optim.Optimizer) -> "UpdateCounter":
        counter = optimizer.__dict__.get("_lrkit_update_counter")
        if counter is None:
            counter = cls(optimizer)
            optimizer.__dict__["_lrkit_update_counter"] = counter
        return counter


def fingerprint(optimizer: torch.optim.Optimizer) -> tuple:
    """Identity and version of a few gradients: changes whenever a backward pass ran."""
    out = []
    for group in optimizer.param_groups:
        for p in group["params"]:
            g = p.grad
            out.append((None, -1) if g is None else (weakref.ref(g), g._version))
            if len(out) >= _FINGERPRINT_PARAMS:
                return tuple(out)
    return tuple(out)


def same_fingerprint(a: tuple | None, b: tuple | None) -> bool:
    if a is None or b is None or len(a) != len(b):
        return False
    for (ra, va), (rb, vb) in zip(a, b):
        if va != vb:
            return False
        if ra is None or rb is None:
            if ra is not rb:
                return False
            continue
        ta, tb = ra(), rb()
        if ta is None or ta is not tb:
            return False
    return True
