"""Cosine annealing with warm restarts (SGDR), with timm's per-cycle decay and cycle limit."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

import numpy as np

from .base import EvalFn, Schedule, cos_drop
from .registry import register
from .units import Context, Duration

__all__ = ["Restarts", "cycle_index"]


def cycle_index(t: Any, period: float, mult: float, xp: Any = np) -> tuple[Any, Any, Any]:
    """For local steps ``t``: (cycle index ``i``, cycle start, cycle length ``period * mult**i``).

    Closed form: ``i = floor(log(t / period * (mult - 1) + 1) / log(mult))``,
    then corrected by one where float rounding put ``t`` on the wrong side of an
    exact cycle boundary (with whole-number ``period`` and ``mult`` every
    boundary is an exact integer in float64, so ``t`` on a boundary always
    starts the new cycle).
    """
    if mult == 1.0:
        i = xp.floor(t / period)
        return i, i * period, period + xp.zeros_like(t)

    def start(k: Any) -> Any:
        return period * (mult ** k - 1.0) / (mult - 1.0)

    with np.errstate(divide="ignore", invalid="ignore"):  # t < 0 only in unused np.where branches
        i = xp.floor(xp.log(t / period * (mult - 1.0) + 1.0) / math.log(mult))
    i = xp.maximum(i, 0.0)
    i = xp.where(t < start(i), i - 1.0, i)
    i = xp.where(t >= start(i + 1.0), i + 1.0, i)
    return i, start(i), period * mult ** i


@register
@dataclass(frozen=True, repr=False)
class Restarts(Schedule):
    """``restarts``: cosine annealing restarted every ``period`` (SGDR), optionally growing and decaying.

    Cycle ``i`` (from 0) lasts ``T_i = period * period_mult**i`` steps and starts
    at ``S_i = period * (period_mult**i - 1) / (period_mult - 1)`` (``i * period``
    when ``period_mult = 1``). With ``t_cur = t - S_i``, ``peak_i = base_lr *
    decay**i`` and ``floor = min_lr`` (absolute) or ``min_lr_ratio * base_lr``::

        lr(t) = floor + (peak_i - floor) * (1 + cos(pi * t_cur**k_decay / T_i**k_decay)) / 2

    for ``i < limit``; after ``limit`` cycles (when given) it holds ``floor``.
    Without ``limit`` it restarts forever (to the end of the run), so it goes
    last in a ``>>`` sequence.

    Matches torch's ``CosineAnnealingWarmRestarts(T_0=period, T_mult=period_mult,
    eta_min=min_lr)`` (``period_mult`` a whole number there), timm's
    ``CosineLRScheduler(t_initial=period, cycle_mul=period_mult,
    cycle_decay=decay, cycle_limit=limit, lr_min=min_lr, k_decay=k_decay)``
    (timm's default ``cycle_limit=1`` is ``limit=1`` here), optax's
    ``sgdr_schedule`` and Keras' ``CosineDecayRestarts(first_decay_steps=period,
    t_mul=period_mult, m_mul=decay, alpha=min_lr_ratio)``.

    >>> import lrkit as lk
    >>> c = lk.restarts(10, period_mult=2, decay=0.5).bind()
    >>> [round(c(t, 1.0), 6) for t in (0, 5, 10, 20, 30)]
    [1.0, 0.5, 0.5, 0.25, 0.25]
    """

    period: Duration | int | str = None  # type: ignore[assignment]
    period_mult: float = 1.0
    min_lr: float | None = None
    min_lr_ratio: float | None = None
    decay: float = 1.0
    limit: int | None = None
    k_decay: float = 1.0
    name: ClassVar[str] = "restarts"
    positional: ClassVar[tuple[str, ...]] = ("period",)
    length_field: ClassVar[str | None] = None

    def __post_init__(self) -> None:
        self._duration("period", optional=False)
        self._float("period_mult", ge=1)
        self._check_floor()
        self._float("decay", gt=0)
        self._int("limit", ge=1, optional=True)
        self._float("k_decay", gt=0)

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        period = float(self.period.resolve(ctx, "restarts: period"))  # type: ignore[union-attr]
        mult, decay, k = self.period_mult, self.decay, self.k_decay
        min_lr, ratio = self.min_lr, self.min_lr_ratio or 0.0
        limit = math.inf if self.limit is None else float(self.limit)

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            i, s, ti = cycle_index(t, period, mult, xp)
            floor = min_lr if min_lr is not None else base * ratio
            peak = base * decay ** xp.minimum(i, limit) if decay != 1.0 else base
            if xp is not np and k == 1.0:  # float32: no 1 + cos cancellation before each restart
                lr = floor + (peak - floor) * cos_drop(xp, s + ti - t, ti)
            else:
                arg = math.pi * (t - s) / ti if k == 1.0 else math.pi * ((t - s) ** k / ti ** k)  # torch's order
                lr = floor + (peak - floor) * (1.0 + xp.cos(arg)) / 2.0
            return xp.where(i < limit, lr, floor)

        return f
