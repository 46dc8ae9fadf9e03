"""Decay families: step, multistep, exponential, linear, poly, inverse_time, tanh.

(Over 400 lines on purpose: seven small families, each with its whole formula and its
peers' equivalents in its docstring; the code is under 200 lines, and they share the
floor, milestone and staircase helpers below.)

Each is a closed-form multiplier of the base LR (plus an absolute or relative
floor where its peers have one), written once against the array namespace
``xp`` so that numpy, jax.numpy and keras.ops run the same formula.

>>> import lrkit as lk
>>> c = lk.step(2, gamma=0.5).bind()
>>> [c(t, 1.0) for t in range(6)]
[1.0, 1.0, 0.5, 0.5, 0.25, 0.25]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

from ..errors import LRKitError
from .base import EvalFn, Schedule, const_pow
from .registry import register
from .units import Context, Duration, fmt_number

__all__ = ["Step", "MultiStep", "Exponential", "Linear", "Poly", "InverseTime", "Tanh"]


def reached(xp: Any, t: Any, steps: list[float]) -> Any:
    """How many of ``steps`` (increasing) are ``<= t``, as floats: ``searchsorted(steps, t, "right")``
    written with comparisons, so that it runs in every array namespace."""
    count = xp.where(t >= steps[0], 1.0, 0.0)
    for s in steps[1:]:
        count = count + xp.where(t >= s, 1.0, 0.0)
    return count


def _floor(s: Schedule, base: Any) -> Any:
    """The floor LR of ``s`` for base LR(s) ``base``: ``min_lr``, else ``min_lr_ratio * base``, else 0."""
    if s.min_lr is not None:  # type: ignore[attr-defined]
        return s.min_lr  # type: ignore[attr-defined]
    return base * (s.min_lr_ratio or 0.0)  # type: ignore[attr-defined]


def resolve_increasing(s: Schedule, field: str, ctx: Context) -> list[float]:
    """Resolve a tuple of durations to steps; they must be strictly increasing once resolved."""
    what = f"{s.name}: {field}"
    steps = [d.resolve(ctx, what) for d in getattr(s, field)]
    if any(b <= a for a, b in zip(steps, steps[1:])):
        shown = "[" + ", ".join(str(d) for d in getattr(s, field)) + "]"
        raise LRKitError(f"{what} must be strictly increasing once resolved to steps, got {shown} "
                         f"= {steps} steps")
    return [float(x) for x in steps]


# ---- step / multistep ------------------------------------------------------------------

@register
@dataclass(frozen=True, repr=False)
class Step(Schedule):
    """``step``: multiply the LR by ``gamma`` every ``step_size``.

    With ``s`` the step size in steps::

        lr(t) = base_lr * gamma ** floor(t / s)

    Parameters: ``step_size`` a duration (steps, ``"30ep"``, ``"10%"``);
    ``gamma`` > 0, the factor applied at each step boundary (0.1 by default).
    The schedule has no end of its own (put it last in a ``>>`` sequence).

    Matches torch's ``StepLR(step_size, gamma)`` (``step(30ep, gamma=0.1)``
    for a loop that steps torch once per epoch with ``step_size=30``), timm's
    ``StepLRScheduler(decay_t, decay_rate)`` and Keras/optax exponential decay
    with ``staircase=True`` (``exponential(decay_rate=…, decay_steps=…,
    staircase=true)`` is the same curve).

    >>> import lrkit as lk
    >>> c = lk.step("30ep", gamma=0.1).bind(steps_per_epoch=10)
    >>> c(299, 1.0), c(300, 1.0), round(c(600, 1.0), 12)
    (1.0, 0.1, 0.01)
    """

    step_size: Duration | int | str = None  # type: ignore[assignment]
    gamma: float = 0.1
    name: ClassVar[str] = "step"
    positional: ClassVar[tuple[str, ...]] = ("step_size",)

    def __post_init__(self) -> None:
        self._duration("step_size", optional=False)
        self._float("gamma", gt=0)

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        size = float(self.step_size.resolve(ctx, "step: step_size"))  # type: ignore[union-attr]
        gamma = self.gamma

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            return base * gamma ** xp.floor(t / size)

        return f


@register
@dataclass(frozen=True, repr=False)
class MultiStep(Schedule):
    """``multistep``: multiply the LR by ``gamma`` at each milestone.

    With ``m_1 < m_2 < …`` the milestones in steps and ``k(t)`` the number of
    milestones ``<= t``::

        lr(t) = base_lr * gamma ** k(t)

    Parameters: ``milestones`` a non-empty list of durations, strictly
    increasing (``[30ep, 60ep, 90ep]``, or steps, or ``%`` of the run);
    ``gamma`` > 0 (0.1 by default). Holds its last value after the last
    milestone.

    Matches torch's ``MultiStepLR(milestones, gamma)`` (the LR changes at the
    milestone step itself), optax's ``piecewise_constant_schedule`` with every
    scale equal to ``gamma``, and Keras' ``PiecewiseConstantDecay`` with
    geometric values (Keras changes one step later: its boundary ``b`` is
    milestone ``b + 1``). For arbitrary factors per piece use ``piecewise``.

    >>> import lrkit as lk
    >>> c = lk.multistep(["50%", "75%"], gamma=0.1).bind(total_steps=100)
    >>> c(49, 1.0), c(50, 1.0), round(c(75, 1.0), 12)
    (1.0, 0.1, 0.01)
    """

    milestones: tuple[Duration, ...] = None  # type: ignore[assignment]
    gamma: float = 0.1
    name: ClassVar[str] = "multistep"
    positional: ClassVar[tuple[str, ...]] = ("milestones",)

    def __post_init__(self) -> None:
        self._durations("milestones")
        if not self.milestones:
            raise self._err("milestones", "a non-empty list of durations", [])
        self._float("gamma", gt=0)

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        ms = resolve_increasing(self, "milestones", ctx)
        gamma = self.gamma

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            return base * gamma ** reached(xp, t, ms)

        return f


# ---- exponential -------------------------------------------------------------------------

@register
@dataclass(frozen=True, repr=False)
class Exponential(Schedule):
    """``exponential``: geometric decay, in one of three forms (give exactly one of them).

    With ``n`` the duration in steps (``duration``; the rest of the run for the
    ``end_factor`` form, unbounded otherwise) and ``u = min(t, n)``:

    - per-step factor, ``gamma``: ``lr(t) = base_lr * gamma ** u``
    - rate per period, ``decay_rate`` and ``decay_steps`` (``k`` steps):
      ``lr(t) = base_lr * decay_rate ** (u / k)``, and with ``staircase=true``
      ``base_lr * decay_rate ** floor(u / k)``
    - decay to a target, ``end_factor``:
      ``lr(t) = base_lr * end_factor ** (u / n)`` (``base_lr * end_factor`` at ``n``)

    then ``lr = max(lr, min_lr)`` when the absolute floor ``min_lr`` is given.
    It holds its value after ``n``.

    Parameters: ``duration`` (optional; steps, ``"ep"`` or ``"%"``), ``gamma``
    > 0, ``decay_rate`` > 0, ``decay_steps`` a duration, ``staircase`` (only
    with ``decay_rate``), ``end_factor`` > 0 (a multiplier of the base LR),
    ``min_lr`` >= 0 (absolute LR; only for a decay, i.e. factor < 1).

    Matches torch's ``ExponentialLR(gamma)`` (``exponential(gamma=…)``);
    Keras' ``ExponentialDecay(lr, decay_steps, decay_rate, staircase)`` and
    optax's ``exponential_decay(lr, transition_steps, decay_rate, staircase=…,
    end_value=min_lr)`` (``exponential(decay_rate=…, decay_steps=…)``; optax's
    ``transition_begin=b`` is ``constant(b) >> exponential(…)``).

    >>> import lrkit as lk
    >>> c = lk.exponential(100, end_factor=0.01).bind()
    >>> round(c(50, 1.0), 12), round(c(100, 1.0), 12), round(c(500, 1.0), 12)
    (0.1, 0.01, 0.01)
    >>> round(lk.exponential(gamma=0.9).bind()(2, 1.0), 12)
    0.81
    """

    duration: Duration | int | str | None = None
    gamma: float | None = None
    decay_rate: float | None = None
    decay_steps: Duration | int | str | None = None
    staircase: bool = False
    end_factor: float | None = None
    min_lr: float | None = None
    name: ClassVar[str] = "exponential"
    positional: ClassVar[tuple[str, ...]] = ("duration",)
    length_field: ClassVar[str | None] = "duration"

    def __post_init__(self) -> None:
        self._duration("duration")
        given = [k for k in ("gamma", "decay_rate", "end_factor") if getattr(self, k) is not None]
        if len(given) != 1:
            got = ", ".join(f"{k}={getattr(self, k)!r}" for k in given) or "none of them"
            raise LRKitError("exponential: give exactly one of gamma (factor per step), decay_rate "
                             f"(with decay_steps) or end_factor (reached at the end of duration), got {got}")
        self._float("gamma", gt=0, optional=True)
        self._float("decay_rate", gt=0, optional=True)
        self._float("end_factor", gt=0, optional=True)
        self._bool("staircase")
        if self.decay_rate is not None:
            if self.decay_steps is None:
                raise self._err("decay_steps", "given with decay_rate (steps, '5ep' or '5%')", None)
            self._duration("decay_steps", optional=False)
        elif self.decay_steps is not None:
            raise self._err("decay_steps", "given only with decay_rate", self.decay_steps)
        if self.staircase and self.decay_rate is None:
            raise self._err("staircase", "false unless decay_rate and decay_steps are given", True)
        self._float("min_lr", ge=0, optional=True)
        if self.min_lr is not None and self._factor() >= 1:
            raise self._err("min_lr", "left out when the LR does not decay "
                            f"({given[0]}={fmt_number(self._factor())} >= 1; use .clip(max_lr=…) "
                            "for a ceiling)", self.min_lr)

    def _factor(self) -> float:
        return next(v for v in (self.gamma, self.decay_rate, self.end_factor) if v is not None)

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        n = self._span(ctx, span, needed=self.end_factor is not None)
        n = float("inf") if n is None else float(n)
        factor, min_lr, staircase = self._factor(), self.min_lr, self.staircase
        if self.gamma is not None:
            scale = 1.0
        elif self.decay_rate is not None:
            scale = float(self.decay_steps.resolve(ctx, "exponential: decay_steps"))  # type: ignore[union-attr]
        else:
            scale = n

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            e = xp.minimum(t, n) / scale
            if staircase:
                e = xp.floor(e)
            lr = base * const_pow(xp, factor, e)
            return lr if min_lr is None else xp.maximum(lr, min_lr)

        return f


# ---- linear / poly -------------------------------------------------------------------------

@register
@dataclass(frozen=True, repr=False)
class Linear(Schedule):
    """``linear``: straight line from ``start_factor * base_lr`` to ``end_factor * base_lr``.

    With ``n`` the duration in steps (the rest of the run by default)::

        lr(t) = base_lr * (start_factor + (end_factor - start_factor) * min(t, n) / n)

    holding ``end_factor * base_lr`` after ``n``. Factors are multipliers of the
    base LR (>= 0, finite); the defaults (1 -> 0) decay to zero over the run.

    Matches torch's ``LinearLR(start_factor, end_factor, total_iters=n)`` as
    ``linear(n, start_factor=…, end_factor=…)`` — mind the defaults: torch's
    are ``start_factor=1/3, end_factor=1`` (a warmup), lrkit's are 1 and 0 (a
    decay); the decay of transformers' ``get_linear_schedule_with_warmup``
    (``warmup(w) >> linear``); optax's ``linear_schedule(init, end, n)`` and
    Keras' ``PolynomialDecay(power=1)`` with ``end_factor = end / init``.

    >>> import lrkit as lk
    >>> c = lk.linear(4, start_factor=1.0, end_factor=0.5).bind()
    >>> [c(t, 1.0) for t in range(6)]
    [1.0, 0.875, 0.75, 0.625, 0.5, 0.5]
    """

    duration: Duration | int | str | None = None
    start_factor: float = 1.0
    end_factor: float = 0.0
    name: ClassVar[str] = "linear"
    positional: ClassVar[tuple[str, ...]] = ("duration",)
    length_field: ClassVar[str | None] = "duration"

    def __post_init__(self) -> None:
        self._duration("duration")
        self._float("start_factor", ge=0)
        self._float("end_factor", ge=0)

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        n = float(self._span(ctx, span))  # type: ignore[arg-type]
        sf, ef = self.start_factor, self.end_factor

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            return base * (sf + (ef - sf) * xp.minimum(t, n) / n)

        return f


@register
@dataclass(frozen=True, repr=False)
class Poly(Schedule):
    """``poly``: polynomial decay from ``base_lr`` to a floor.

    With ``n`` the duration in steps (the rest of the run by default),
    ``floor = min_lr`` (absolute) or ``min_lr_ratio * base_lr`` (0 by default)
    and ``p = min(t, n) / n``::

        lr(t) = floor + (base_lr - floor) * (1 - p) ** power

    holding ``floor`` after ``n``. With ``cycle=true`` (Keras) the decay
    restarts with a longer horizon instead of holding:
    ``p = t / (n * max(1, ceil(t / n)))``.

    Parameters: ``duration`` (steps, ``"ep"``, ``"%"``), ``power`` > 0 (1 is
    linear; DeepLab's "poly" uses 0.9), ``min_lr`` >= 0 absolute,
    ``min_lr_ratio`` in [0, 1] relative (one of them), ``cycle``.

    Matches torch's ``PolynomialLR(total_iters=n, power)`` (``poly(n, power=…)``);
    transformers' ``get_polynomial_decay_schedule_with_warmup(lr_end, power)``
    as ``warmup(w) >> poly(power=…, min_lr_ratio=lr_end / lr)`` (transformers
    scales every group by ``lr_end / optimizer.defaults["lr"]``, a ratio;
    with one group ``min_lr=lr_end`` is the same); timm's ``PolyLRScheduler``
    (``lr_min`` is ``min_lr``); optax's ``polynomial_schedule(init, end, power,
    n)`` and Keras' ``PolynomialDecay(lr, n, end_learning_rate, power, cycle)``
    (``min_lr = end``).

    >>> import lrkit as lk
    >>> c = lk.poly(100, power=2.0, min_lr=0.01).bind()
    >>> round(c(50, 1.0), 6), c(100, 1.0), c(200, 1.0)
    (0.2575, 0.01, 0.01)
    """

    duration: Duration | int | str | None = None
    power: float = 1.0
    min_lr: float | None = None
    min_lr_ratio: float | None = None
    cycle: bool = False
    name: ClassVar[str] = "poly"
    positional: ClassVar[tuple[str, ...]] = ("duration",)
    length_field: ClassVar[str | None] = "duration"

    def __post_init__(self) -> None:
        self._duration("duration")
        self._float("power", gt=0)
        self._check_floor()
        self._bool("cycle")

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        n = float(self._span(ctx, span))  # type: ignore[arg-type]
        power, cycle = self.power, self.cycle

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            floor = _floor(self, base)
            if cycle:
                p = t / (n * xp.maximum(1.0, xp.ceil(t / n)))
            else:
                p = xp.minimum(t, n) / n
            return floor + (base - floor) * (1.0 - p) ** power

        return f


# ---- inverse time ------------------------------------------------------------------------

@register
@dataclass(frozen=True, repr=False)
class InverseTime(Schedule):
    """``inverse_time``: hyperbolic decay, ``base_lr / (1 + decay_rate * t / k)``.

    With ``k`` = ``decay_steps`` in steps::

        lr(t) = base_lr / (1 + decay_rate * t / k)                    (staircase=false)
        lr(t) = base_lr / (1 + decay_rate * floor(t / k))             (staircase=true)

    Parameters: ``decay_rate`` > 0 (required), ``decay_steps`` a duration
    (left out: 1 step, ``decay_rate`` is then per step), ``staircase``. The
    schedule never ends (put it last in a ``>>`` sequence).

    Matches Keras' ``InverseTimeDecay(lr, decay_steps, decay_rate, staircase)``
    and the classic ``lr / (1 + decay * t)`` of Keras 2 optimizers' ``decay``
    argument (``inverse_time(decay_rate=decay)``).

    >>> import lrkit as lk
    >>> c = lk.inverse_time(decay_rate=0.5, decay_steps=10).bind()
    >>> c(0, 1.0), c(10, 1.0), c(30, 1.0)
    (1.0, 0.6666666666666666, 0.4)
    """

    decay_rate: float = None  # type: ignore[assignment]
    decay_steps: Duration | int | str | None = None
    staircase: bool = False
    name: ClassVar[str] = "inverse_time"

    def __post_init__(self) -> None:
        self._float("decay_rate", gt=0)
        self._duration("decay_steps")
        self._bool("staircase")

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        k = 1.0 if self.decay_steps is None else float(
            self.decay_steps.resolve(ctx, "inverse_time: decay_steps"))
        rate, staircase = self.decay_rate, self.staircase

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            p = t / k
            if staircase:
                p = xp.floor(p)
            return base / (1.0 + rate * p)

        return f


# ---- tanh --------------------------------------------------------------------------------

@register
@dataclass(frozen=True, repr=False)
class Tanh(Schedule):
    """``tanh``: hyperbolic-tangent decay (Hsueh et al. 2019), as timm's ``TanhLRScheduler``.

    With ``n`` the duration in steps (the rest of the run by default),
    ``floor = min_lr`` (absolute) or ``min_lr_ratio * base_lr`` (0 by default)
    and ``r = t / n``::

        lr(t) = floor + 0.5 * (base_lr - floor) * (1 - tanh(lb * (1 - r) + ub * r))   for t < n
        lr(t) = floor                                                              for t >= n

    The curve starts a hair below ``base_lr`` (``(1 - tanh(-7)) / 2 = 0.99999917``
    with the default bounds) and ends at ``floor`` exactly at ``n``, as timm's does.

    Parameters: ``duration`` (steps, ``"ep"``, ``"%"``), ``lb`` < ``ub`` the
    tanh arguments at the start and the end (-7 and 3), ``min_lr`` >= 0
    absolute or ``min_lr_ratio`` in [0, 1] relative.

    Matches timm's ``TanhLRScheduler(t_initial=n, lb, ub, lr_min=min_lr)`` with
    one cycle (``cycle_limit=1``); timm's warmup with ``warmup_prefix=True`` is
    ``warmup(w, start_factor=warmup_lr_init / lr) >> tanh(n, …)``; ``t_in_epochs=True``
    is ``tanh("Nep")`` bound with ``per="epoch"``.

    >>> import lrkit as lk
    >>> c = lk.tanh(100).bind()
    >>> round(c(0, 1.0), 8), round(c(50, 1.0), 6), c(100, 1.0)
    (0.99999917, 0.982014, 0.0)
    """

    duration: Duration | int | str | None = None
    lb: float = -7.0
    ub: float = 3.0
    min_lr: float | None = None
    min_lr_ratio: float | None = None
    name: ClassVar[str] = "tanh"
    positional: ClassVar[tuple[str, ...]] = ("duration",)
    length_field: ClassVar[str | None] = "duration"

    def __post_init__(self) -> None:
        self._duration("duration")
        self._float("lb")
        self._float("ub")
        if not self.lb < self.ub:
            raise self._err("lb", f"< ub ({fmt_number(self.ub)})", self.lb)
        self._check_floor()

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        n = float(self._span(ctx, span))  # type: ignore[arg-type]
        lb, ub = self.lb, self.ub

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            floor = _floor(self, base)
            r = t / n
            lr = floor + 0.5 * (base - floor) * (1 - xp.tanh(lb * (1.0 - r) + ub * r))
            return xp.where(t < n, lr, floor + 0.0 * base)

        return f
