"""Cosine annealing (SGDR without restarts)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

import numpy as np

from .base import EvalFn, Schedule, cos_drop
from .registry import register
from .units import Context, Duration

__all__ = ["Cosine"]


@register
@dataclass(frozen=True, repr=False)
class Cosine(Schedule):
    """``cosine``: half a cosine wave from ``base_lr`` down to a floor.

    With ``n`` the duration in steps (the rest of the run by default) and
    ``floor = min_lr`` (absolute) or ``min_lr_ratio * base_lr`` (relative, 0 by
    default)::

        lr(t) = floor + (base_lr - floor) * (1 + cos(2 * pi * num_cycles * min(t, n) / n)) / 2

    With the default ``num_cycles=0.5`` (half a wave) it holds ``floor`` after
    step ``n``; another ``num_cycles`` (transformers' argument of the same name:
    1 goes down and back up) holds the value reached at ``n``.

    Parameters: ``duration`` (steps, ``"ep"``, ``"%"``), ``min_lr`` >= 0
    absolute or ``min_lr_ratio`` in [0, 1] relative, ``num_cycles`` > 0.

    Matches torch's ``CosineAnnealingLR(T_max=n, eta_min=min_lr)``, the decay of
    transformers' ``get_cosine_schedule_with_warmup(num_cycles)`` (after the warmup:
    ``warmup(w) >> cosine(num_cycles=…)``) and
    ``get_cosine_with_min_lr_schedule_with_warmup(min_lr_rate=r)`` (``min_lr_ratio=r``;
    its ``min_lr`` is turned into ``min_lr / optimizer.defaults["lr"]``, a ratio),
    timm's ``CosineLRScheduler(t_initial=n, lr_min=min_lr)`` with one cycle,
    optax's ``cosine_decay_schedule(alpha=min_lr_ratio)`` and Keras'
    ``CosineDecay(alpha=min_lr_ratio)``.

    >>> import lrkit as lk
    >>> c = lk.cosine(min_lr=0.01).bind(total_steps=100)
    >>> c(0, 0.1), round(c(50, 0.1), 6), c(100, 0.1)
    (0.1, 0.055, 0.01)
    """

    duration: Duration | int | str | None = None
    min_lr: float | None = None
    min_lr_ratio: float | None = None
    num_cycles: float = 0.5
    name: ClassVar[str] = "cosine"
    positional: ClassVar[tuple[str, ...]] = ("duration",)
    length_field: ClassVar[str | None] = "duration"

    def __post_init__(self) -> None:
        self._duration("duration")
        self._check_floor()
        self._float("num_cycles", gt=0)

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        n = float(self._span(ctx, span))
        min_lr, ratio = self.min_lr, self.min_lr_ratio or 0.0
        w = 2.0 * self.num_cycles  # half-waves; 1.0 (the default) keeps the plain pi * t / n form

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            floor = min_lr if min_lr is not None else base * ratio
            x = xp.minimum(t, n)
            if xp is np:  # float64, in the operation order of torch's and transformers' closed forms
                angle = math.pi * x / n if w == 1.0 else math.pi * w * (x / n)
                return floor + (base - floor) * (1.0 + np.cos(angle)) / 2.0
            # float32 (jax.numpy, keras.ops): 1 + cos(angle) cancels near the floor (10x the error
            # at 5% of the way from the end); the same value as a square does not. n - x is exact.
            if w == 1.0:
                return floor + (base - floor) * cos_drop(xp, n - x, n)
            h = xp.cos(math.pi * w / 2.0 * (x / n))
            return floor + (base - floor) * (h * h)

        return f
