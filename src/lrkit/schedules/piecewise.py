"""Piecewise schedules: constant pieces, or linear / cosine interpolation between knots."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

import numpy as np

from .base import EvalFn, Schedule, cos_drop
from .decay import resolve_increasing
from .registry import register
from .units import Context, Duration

__all__ = ["Piecewise"]


@register
@dataclass(frozen=True, repr=False)
class Piecewise(Schedule):
    """``piecewise``: factors of the base LR given at boundaries, held or interpolated.

    With boundaries ``b_1 < … < b_k`` in steps (``b_0 = 0``) and factors
    ``f_0 … f_k`` (``k + 1`` of them, multipliers of the base LR):

    - ``interpolate="constant"`` (default): ``lr(t) = base_lr * f_i`` for
      ``b_i <= t < b_{i+1}``, i.e. ``f_0`` before ``b_1``, ``f_k`` from ``b_k`` on.
    - ``interpolate="linear"``: ``f_i`` is the value *at* knot ``b_i``; between
      knots ``lr(t) = base_lr * (f_i + (f_{i+1} - f_i) * q)`` with
      ``q = (t - b_i) / (b_{i+1} - b_i)``; ``f_k`` from ``b_k`` on.
    - ``interpolate="cosine"``: as linear, with
      ``f_{i+1} + (f_i - f_{i+1}) / 2 * (cos(pi * q) + 1)`` between knots.

    Parameters: ``boundaries`` a non-empty list of durations (steps, ``"ep"``,
    ``"%"``), strictly increasing; ``factors`` a list of ``len(boundaries) + 1``
    finite numbers >= 0; ``interpolate`` one of ``constant``, ``linear``, ``cosine``.

    Matches (``base_lr`` = the peer's initial value):

    - optax ``piecewise_constant_schedule(init, {b: s, …})``: ``factors`` are the
      running products ``[1, s_1, s_1*s_2, …]`` (optax applies a scale at
      ``t >= b``, as here and as torch's ``MultiStepLR``).
    - optax ``piecewise_interpolate_schedule("linear"|"cosine", init, {b: s, …})``:
      the same running products with ``interpolate="linear"|"cosine"``.
    - Keras ``PiecewiseConstantDecay(boundaries, values)``: ``factors =
      values / values[0]`` and every boundary ``+ 1`` (Keras keeps the old value
      at the boundary step itself).
    - ``numpy.interp(t, [0, b_1, …], factors)`` for ``interpolate="linear"``.

    >>> import lrkit as lk
    >>> c = lk.piecewise([10, 20], [1.0, 0.5, 0.1]).bind()
    >>> c(9, 1.0), c(10, 1.0), c(25, 1.0)
    (1.0, 0.5, 0.1)
    >>> c = lk.piecewise([10, 20], [0.0, 1.0, 0.5], interpolate="linear").bind()
    >>> c(5, 1.0), c(15, 1.0), c(30, 1.0)
    (0.5, 0.75, 0.5)
    """

    boundaries: tuple[Duration, ...] = None  # type: ignore[assignment]
    factors: tuple[float, ...] = None  # type: ignore[assignment]
    interpolate: str = "constant"
    name: ClassVar[str] = "piecewise"
    positional: ClassVar[tuple[str, ...]] = ("boundaries", "factors")

    def __post_init__(self) -> None:
        self._durations("boundaries")
        if not self.boundaries:
            raise self._err("boundaries", "a non-empty list of durations", [])
        self._floats("factors", ge=0)
        if len(self.factors) != len(self.boundaries) + 1:
            raise self._err("factors", f"one more than the boundaries ({len(self.boundaries) + 1} numbers: "
                            "the factor before the first boundary, then one per boundary)", list(self.factors))
        self._choice("interpolate", ("constant", "linear", "cosine"))

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        bounds = resolve_increasing(self, "boundaries", ctx)
        factors = list(self.factors)
        mode = self.interpolate
        if mode == "constant":
            def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
                m = factors[0]
                for b, factor in zip(bounds, factors[1:]):  # f_i from b_i on
                    m = xp.where(t >= b, factor, m)
                return base * m
            return f

        knots = [0.0] + bounds

        def g(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            m = factors[-1]  # from the last knot on
            for i in range(len(bounds) - 1, -1, -1):  # the earliest segment that holds t wins
                lo, hi, a, b = knots[i], knots[i + 1], factors[i], factors[i + 1]
                q = xp.clip((t - lo) / (hi - lo), 0.0, 1.0)
                if mode == "linear":
                    seg = a + (b - a) * q
                elif xp is np:
                    seg = b + (a - b) / 2.0 * (np.cos(math.pi * q) + 1.0)
                else:  # float32: no 1 + cos cancellation next to the knot
                    seg = b + (a - b) * cos_drop(xp, xp.clip(hi - t, 0.0, hi - lo), hi - lo)
                m = xp.where(t < hi, seg, m)
            return base * m

        return g
