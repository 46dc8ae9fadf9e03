"""The 1cycle policy (Smith & Topin 2017; fastai): torch's ``OneCycleLR``, with momentum cycling."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

import numpy as np

from ..errors import LRKitError
from .base import EvalFn, MomentumFn, Schedule, cos_drop
from .registry import register
from .units import Context, Duration

__all__ = ["OneCycle"]


def _anneal(xp: Any, kind: str, start: Any, end: Any, t: Any, lo: float, hi: float) -> Any:
    """torch's ``_annealing_cos`` / ``_annealing_linear`` from ``lo`` to ``hi``, same operation order in numpy."""
    pct = (t - lo) / (hi - lo)
    if kind == "linear":
        return (end - start) * pct + start
    if xp is np:
        return end + (start - end) / 2.0 * (np.cos(math.pi * pct) + 1.0)
    return end + (start - end) * cos_drop(xp, hi - t, hi - lo)


@register
@dataclass(frozen=True, repr=False)
class OneCycle(Schedule):
    """``onecycle``: up from ``peak / div_factor`` to the peak, then down far below the start.

    With ``n`` the duration in steps (the rest of the run by default), ``peak``
    = ``max_lr`` (absolute, the groups' base LRs are then ignored) or each
    group's base LR (when ``max_lr`` is left out), ``initial = peak /
    div_factor`` and ``final = initial / final_div_factor``; phase ends (as
    torch) ``e1 = pct_start * n - 1``, ``e2 = 2 * pct_start * n - 2``, and
    ``anneal(a, b, p)`` = ``b + (a - b) * (1 + cos(pi * p)) / 2`` (``"cos"``) or
    ``a + (b - a) * p`` (``"linear"``):

    - two phases (default): ``t <= e1``: ``anneal(initial, peak, t / e1)``;
      then ``anneal(peak, final, (t - e1) / (n - 1 - e1))``.
    - ``three_phase``: ``t <= e1``: ``anneal(initial, peak, t / e1)``;
      ``t <= e2``: ``anneal(peak, initial, (t - e1) / (e2 - e1))``; then
      ``anneal(initial, final, (t - e2) / (n - 1 - e2))``.

    It reaches ``final`` at step ``n - 1`` and holds it after (torch raises
    after step ``n``). Momentum (``cycle_momentum=True``, torch's default)
    goes the other way with the same ``anneal`` and phases: ``max_momentum ->
    base_momentum -> max_momentum`` (three phases: ``… -> max_momentum``
    held in the last). ``Curve.momentum(step)`` returns it; the torch adapter
    writes it to SGD's ``momentum`` or Adam's ``beta1`` as ``OneCycleLR`` does.

    Matches torch's ``OneCycleLR(max_lr, total_steps=n, pct_start,
    anneal_strategy, cycle_momentum, base_momentum, max_momentum, div_factor,
    final_div_factor, three_phase)``, fastai's ``fit_one_cycle`` (cos, two
    phases) and optax's ``cosine_onecycle_schedule`` / ``linear_onecycle_schedule``
    (whose ``pct_start`` phase ends are ``pct_start * n``, not ``… - 1``).

    >>> import lrkit as lk
    >>> c = lk.onecycle(max_lr=0.1).bind(total_steps=101)
    >>> round(c(0), 6), round(c(29.3), 6), c(100)
    (0.004, 0.1, 4e-07)
    >>> round(c.momentum(0), 6), round(c.momentum(100), 6)
    (0.95, 0.95)
    """

    duration: Duration | int | str | None = None
    max_lr: float | None = None
    pct_start: float = 0.3
    anneal_strategy: str = "cos"
    div_factor: float = 25.0
    final_div_factor: float = 1e4
    three_phase: bool = False
    cycle_momentum: bool = True
    base_momentum: float = 0.85
    max_momentum: float = 0.95
    name: ClassVar[str] = "onecycle"
    positional: ClassVar[tuple[str, ...]] = ("duration",)
    length_field: ClassVar[str | None] = "duration"

    def __post_init__(self) -> None:
        self._duration("duration")
        self._float("max_lr", gt=0, optional=True)
        self._float("pct_start", gt=0, lt=1)
        self._choice("anneal_strategy", ("cos", "linear"))
        self._float("div_factor", gt=0)
        self._float("final_div_factor", gt=0)
        self._bool("three_phase")
        if self.three_phase and self.pct_start >= 0.5:
            raise self._err("pct_start", "< 0.5 with three_phase=true (the first two phases take "
                                         "2 * pct_start of the cycle)", self.pct_start)
        self._bool("cycle_momentum")
        self._float("base_momentum", ge=0, le=1)
        self._float("max_momentum", ge=0, le=1)
        if self.base_momentum > self.max_momentum:
            raise self._err("base_momentum", f"<= max_momentum ({self.max_momentum})", self.base_momentum)

    def _phases(self, ctx: Context, span: int | None) -> list[tuple[float, float, str, str]]:
        """torch's phases: (start_step, end_step, start key, end key); keys index the LR/momentum tables."""
        n = float(self._span(ctx, span))  # type: ignore[arg-type]
        e1 = float(self.pct_start * n) - 1
        if e1 <= 0:
            raise LRKitError(f"onecycle: pct_start * duration must be more than 1 step, got "
                             f"{self.pct_start} * {int(n)} = {self.pct_start * n:g}; raise pct_start "
                             "or lengthen the cycle")
        if self.three_phase:  # e1 > 0 and pct_start < 0.5 give e1 < e2 < n - 1
            e2 = float(2 * self.pct_start * n) - 2
            return [(0.0, e1, "initial", "peak"), (e1, e2, "peak", "initial"), (e2, n - 1, "initial", "final")]
        return [(0.0, e1, "initial", "peak"), (e1, n - 1, "peak", "final")]

    def _eval(self, xp: Any, phases: list[tuple[float, float, str, str]], table: Mapping[str, Any],
              t: Any) -> Any:
        kind = self.anneal_strategy
        t = xp.minimum(t, phases[-1][1])
        lo, hi, a, b = phases[-1]
        out = _anneal(xp, kind, table[a], table[b], t, lo, hi)
        for lo, hi, a, b in phases[-2::-1]:
            out = xp.where(t <= hi, _anneal(xp, kind, table[a], table[b], t, lo, hi), out)
        return out

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        phases = self._phases(ctx, span)
        max_lr, div, fdiv = self.max_lr, self.div_factor, self.final_div_factor

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            peak = max_lr if max_lr is not None else base
            initial = peak / div
            return self._eval(xp, phases, {"initial": initial, "peak": peak, "final": initial / fdiv}, t)

        return f

    def _bind_momentum(self, ctx: Context, span: int | None) -> MomentumFn | None:
        if not self.cycle_momentum:
            return None
        phases = self._phases(ctx, span)
        # LR initial/peak/final <-> momentum max/base/max (three phases: the last holds max)
        table = {"initial": self.max_momentum, "peak": self.base_momentum, "final": self.max_momentum}

        def g(t: np.ndarray) -> np.ndarray:
            return self._eval(np, phases, table, t)

        return g
