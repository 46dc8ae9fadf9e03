"""Cyclical learning rates (CLR, Smith 2017): torch's ``CyclicLR``, with momentum cycling."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Mapping

import numpy as np

from .base import EvalFn, MomentumFn, Schedule, const_pow
from .registry import register
from .lambda_ import fn_name, call_on_array, call_on_steps
from .units import Context, Duration

__all__ = ["Cyclic"]

_NATURAL_SCALE_MODE = {"triangular": "cycle", "triangular2": "cycle", "exp_range": "iterations"}


@register
@dataclass(frozen=True, repr=False)
class Cyclic(Schedule):
    """``cyclic``: the LR goes up and down between a low and a high bound, cycle after cycle.

    With ``up``/``down`` the half-cycle lengths in steps (``step_size_up``,
    ``step_size_down``, which defaults to ``step_size_up``), ``total = up + down``
    and ``r = up / total``, at local step ``t``::

        cycle = floor(1 + t / total)                 # 1, 2, 3, …
        x     = 1 + t / total - cycle                # position in the cycle, [0, 1)
        h     = x / r            if x <= r           # 0 -> 1 going up
                (x - 1) / (r - 1) otherwise          # 1 -> 0 going down
        lr    = low + (high - low) * h * scale(n)

    where ``n = cycle`` (``scale_mode="cycle"``) or ``n = t``
    (``scale_mode="iterations"``) and ``scale`` is ``1`` (``mode="triangular"``),
    ``1 / 2**(n - 1)`` (``"triangular2"``) or ``gamma**n`` (``"exp_range"``).
    ``scale_mode`` defaults to the mode's own (``cycle`` for the triangular
    modes, ``iterations`` for ``exp_range``, as torch); setting it evaluates
    the built-in scale on the other quantity (torch reaches that only with a
    custom ``scale_fn``).

    **Bounds.** Absolute, torch's names: ``base_lr`` (low) and ``max_lr``
    (high) — given together; the param groups' own base LRs are then ignored
    and every group gets the same LR. Relative (when neither is given): the
    group's base LR is the high bound and ``low = min_factor * base_lr``
    (``min_factor`` 0.25 by default: Smith's advice of a 3-4x range), so
    each param group keeps its own scale (torch's per-group lists
    ``base_lr=[f*b1, f*b2]``, ``max_lr=[b1, b2]``).

    **Momentum** (``cycle_momentum=True``, torch's default): cycled inversely,
    ``momentum = max_momentum - (max_momentum - base_momentum) * h * scale(n)``,
    read by ``Curve.momentum(step)`` and written to SGD's ``momentum`` or
    Adam's ``beta1`` by the torch adapter, as torch's ``CyclicLR`` does.

    **Custom scale** (``scale_fn``, Python only): a function of ``n`` giving the
    amplitude scale, as torch's ``scale_fn``; it overrides ``mode`` (which must
    stay the default) and makes the schedule **not serializable** (no spec text
    or dict; ``to_dict()`` raises), like ``lambda_``.

    The LR cycles for the rest of the run, so ``cyclic`` goes last in ``>>``.
    Matches torch's ``CyclicLR(base_lr, max_lr, step_size_up, step_size_down,
    mode, gamma, scale_fn, scale_mode, cycle_momentum, base_momentum,
    max_momentum)`` and Keras/TF-addons' ``CyclicalLearningRate``.

    >>> import lrkit as lk
    >>> c = lk.cyclic(4, base_lr=0.1, max_lr=0.5, mode="triangular2").bind()
    >>> [round(c(t), 6) for t in (0, 2, 4, 6, 8, 12)]
    [0.1, 0.3, 0.5, 0.3, 0.1, 0.3]
    >>> round(c.momentum(4), 6)
    0.8
    """

    step_size_up: Duration | int | str = Duration(2000.0)
    step_size_down: Duration | int | str | None = None
    base_lr: float | None = None
    max_lr: float | None = None
    min_factor: float | None = None
    mode: str = "triangular"
    gamma: float = 1.0
    scale_mode: str | None = None
    cycle_momentum: bool = True
    base_momentum: float = 0.8
    max_momentum: float = 0.9
    scale_fn: Callable[[Any], float] | None = None
    name: ClassVar[str] = "cyclic"
    positional: ClassVar[tuple[str, ...]] = ("step_size_up", "step_size_down")
    length_field: ClassVar[str | None] = None

    def __post_init__(self) -> None:
        self._duration("step_size_up", optional=False)
        self._duration("step_size_down")
        self._float("base_lr", ge=0, optional=True)
        self._float("max_lr", gt=0, optional=True)
        if (self.base_lr is None) != (self.max_lr is None):
            given, missing = ("base_lr", "max_lr") if self.max_lr is None else ("max_lr", "base_lr")
            raise self._err(missing, f"given together with {given} (absolute bounds come in pairs; "
                                     "leave both out to cycle relative to each group's base LR)", None)
        if self.base_lr is not None:
            if self.min_factor is not None:
                raise self._err("min_factor", "left out when base_lr and max_lr are given "
                                              "(bounds are absolute or relative, not both)", self.min_factor)
            if self.base_lr > self.max_lr:  # type: ignore[operator]
                raise self._err("base_lr", f"<= max_lr ({self.max_lr})", self.base_lr)
        self._float("min_factor", ge=0, le=1, optional=True)
        self._choice("mode", ("triangular", "triangular2", "exp_range"))
        self._float("gamma", gt=0)
        if self.scale_mode is not None:
            self._choice("scale_mode", ("cycle", "iterations"))
        self._bool("cycle_momentum")
        self._float("base_momentum", ge=0, le=1)
        self._float("max_momentum", ge=0, le=1)
        if self.base_momentum > self.max_momentum:
            raise self._err("base_momentum", f"<= max_momentum ({self.max_momentum})", self.base_momentum)
        if self.scale_fn is not None:
            if not callable(self.scale_fn):
                raise self._err("scale_fn", "a function of the cycle number (or step) giving the amplitude "
                                            "scale", self.scale_fn)
            if self.mode != "triangular":
                raise self._err("mode", "left at its default when scale_fn is given (scale_fn replaces it)",
                                self.mode)

    # a custom scale function is Python code: no text or dict form for that instance
    @property  # type: ignore[override]
    def serializable(self) -> bool:  # noqa: D401
        return self.scale_fn is None

    def __str__(self) -> str:
        if self.scale_fn is None:
            return super().__str__()
        shown = Cyclic(**{f.name: getattr(self, f.name) for f in self._fields() if f.name != "scale_fn"})
        text = str(shown)
        inner = text[len("cyclic("):-1] if text.startswith("cyclic(") else ""
        return f"cyclic({inner + ', ' if inner else ''}scale_fn=<{fn_name(self.scale_fn)}>)"

    # ---- shared shape of the cycle -------------------------------------------------
    def _shape(self, ctx: Context) -> Callable[[Any, Any], tuple[Any, Any]]:
        """``t -> (h, scale(n))``: the amplitude used at each step is ``h * scale(n)``."""
        up = float(self.step_size_up.resolve(ctx, "cyclic: step_size_up"))  # type: ignore[union-attr]
        down = float(self.step_size_down.resolve(ctx, "cyclic: step_size_down")) \
            if self.step_size_down is not None else up  # type: ignore[union-attr]
        total = up + down
        ratio = up / total
        mode, gamma, custom = self.mode, self.gamma, self.scale_fn
        scale_mode = self.scale_mode or ("cycle" if custom is not None else _NATURAL_SCALE_MODE[mode])

        def shape(xp: Any, t: Any) -> tuple[Any, Any]:
            cycle = xp.floor(1.0 + t / total)
            x = 1.0 + t / total - cycle
            h = xp.where(x <= ratio, x / ratio, (x - 1.0) / (ratio - 1.0))
            n = cycle if scale_mode == "cycle" else t
            if custom is not None:
                s = call_on_steps(custom, n, "cyclic: scale_fn") if xp is np \
                    else call_on_array(custom, n, "cyclic: scale_fn")
            elif mode == "triangular":
                s = 1.0
            elif mode == "triangular2":
                s = 1.0 / (2.0 ** (n - 1.0))
            else:
                s = const_pow(xp, gamma, n)
            return h, s

        return shape

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        shape = self._shape(ctx)
        lo_abs, hi_abs, factor = self.base_lr, self.max_lr, self.min_factor
        factor = 0.25 if factor is None else factor

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            if hi_abs is not None:
                lo, hi = lo_abs, hi_abs
            else:
                lo, hi = base * factor, base
            h, s = shape(xp, t)
            return lo + (hi - lo) * h * s  # torch's order: base_lr + (max_lr - base_lr) * h * scale

        return f

    def _bind_momentum(self, ctx: Context, span: int | None) -> MomentumFn | None:
        if not self.cycle_momentum:
            return None
        shape = self._shape(ctx)
        lo, hi = self.base_momentum, self.max_momentum

        def g(t: np.ndarray) -> np.ndarray:
            h, s = shape(np, t)
            return hi - (hi - lo) * h * s

        return g
