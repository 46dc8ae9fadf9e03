"""Warmup-stable-decay (WSD, "trapezoidal"): transformers' ``get_wsd_schedule``."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

import numpy as np

from ..errors import LRKitError
from .base import EvalFn, Schedule, cos_drop
from .registry import register
from .units import Context, Duration

__all__ = ["WSD"]

_SHAPES = ("linear", "cosine", "sqrt")
_ALIASES = {"1-sqrt": "sqrt", "1_sqrt": "sqrt"}


@register
@dataclass(frozen=True, repr=False)
class WSD(Schedule):
    """``wsd``: warm up, hold the base LR, then cool down over the last ``decay`` steps.

    With ``n`` the duration (the rest of the run by default, warmup included),
    ``w`` the warmup and ``d`` the decay in steps (a ``%`` is of the whole run),
    ``r`` the floor as a fraction of base LR (``min_lr_ratio``, or ``min_lr``
    absolute, 0 by default) and ``lr = floor + (base_lr - floor) * m``:

    - warmup, ``t < w``, ``p = t / w``: ``m = p`` (``warmup_type="linear"``),
      ``(1 - cos(pi * p)) / 2`` (``"cosine"``) or ``1 - sqrt(1 - p)`` (``"sqrt"``);
      it starts at the floor, as transformers does;
    - stable, ``w <= t < n - d``: ``m = 1``;
    - decay, ``p = (t - (n - d)) / d``: ``m = 1 - p`` (``decay_type="linear"``),
      ``(1 + cos(2 pi num_cycles p)) / 2`` (``"cosine"``, default) or
      ``1 - sqrt(p)`` (``"sqrt"``, transformers' ``"1-sqrt"``, Hägele et al. 2024);
    - from ``t = n`` on: the floor.

    ``decay`` defaults to 20% of the run (the cooldown Hägele et al. found to
    match a full cosine). The spec names ``"sqrt"``; ``"1-sqrt"`` is accepted
    and stored as ``"sqrt"``.

    Matches transformers' ``get_wsd_schedule(num_warmup_steps=w,
    num_decay_steps=d, num_training_steps=n, warmup_type, decay_type,
    min_lr_ratio, num_cycles)``; its ``num_stable_steps=s`` is ``duration = w +
    s + d``.

    >>> import lrkit as lk
    >>> c = lk.wsd(warmup=10, decay=20, decay_type="linear").bind(total_steps=100)
    >>> [round(c(t, 1.0), 6) for t in (0, 5, 10, 79, 80, 90, 100)]
    [0.0, 0.5, 1.0, 1.0, 1.0, 0.5, 0.0]
    """

    duration: Duration | int | str | None = None
    warmup: Duration | int | str | None = None
    decay: Duration | int | str = Duration(20.0, "fraction")
    decay_type: str = "cosine"
    warmup_type: str = "linear"
    min_lr: float | None = None
    min_lr_ratio: float | None = None
    num_cycles: float = 0.5
    name: ClassVar[str] = "wsd"
    positional: ClassVar[tuple[str, ...]] = ("duration",)
    length_field: ClassVar[str | None] = "duration"

    def __post_init__(self) -> None:
        self._duration("duration")
        self._duration("warmup")
        self._duration("decay", optional=False)
        for field in ("decay_type", "warmup_type"):
            v = getattr(self, field)
            if isinstance(v, str) and v in _ALIASES:
                self._set(field, _ALIASES[v])
            self._choice(field, _SHAPES)
        self._check_floor()
        self._float("num_cycles", gt=0)

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        n = self._span(ctx, span)
        w = self.warmup.resolve(ctx, "wsd: warmup") if self.warmup is not None else 0  # type: ignore[union-attr]
        d = self.decay.resolve(ctx, "wsd: decay")  # type: ignore[union-attr]
        if w + d > n:  # type: ignore[operator]
            raise LRKitError(f"wsd: warmup ({w} steps) + decay ({d} steps) must fit in the {n} steps it "
                             "is given; shorten them or lengthen the run")
        stable_end = float(n - d)  # type: ignore[operator]
        wf, df, nf = float(w), float(d), float(n)  # type: ignore[arg-type]
        wtype, dtype, cycles = self.warmup_type, self.decay_type, self.num_cycles
        min_lr, ratio = self.min_lr, self.min_lr_ratio or 0.0

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            pw = xp.clip(t / max(1.0, wf), 0.0, 1.0)
            if wtype == "linear":
                mw = pw
            elif wtype == "cosine":
                mw = 0.5 * (1.0 - xp.cos(math.pi * pw)) if xp is np else cos_drop(xp, pw, 1.0)
            else:
                mw = 1.0 - xp.sqrt(1.0 - pw)
            pd = xp.clip((t - stable_end) / max(1.0, df), 0.0, 1.0)
            if dtype == "linear":
                md = 1.0 - pd
            elif dtype == "cosine" and (xp is np or cycles != 0.5):
                md = 0.5 * (1.0 + xp.cos(math.pi * float(cycles) * 2.0 * pd))
            elif dtype == "cosine":  # float32: no 1 + cos cancellation next to the floor
                md = cos_drop(xp, xp.clip(nf - t, 0.0, df), max(1.0, df))
            else:
                md = 1.0 - xp.sqrt(pd)
            m = xp.where(t < wf, mw, xp.where(t < stable_end, 1.0, xp.where(t < nf, md, 0.0)))
            if min_lr is not None:
                return min_lr + (base - min_lr) * m
            if ratio:
                return base * xp.maximum(0.0, m * (1.0 - ratio) + ratio)  # transformers' order
            return base * m

        return f
