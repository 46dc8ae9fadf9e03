"""Constant factor and clipping: the building blocks of scaling and floors/ceilings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

from .base import EvalFn, Schedule, full
from .registry import register
from .units import Context, Duration

__all__ = ["Constant", "Clip"]


@register
@dataclass(frozen=True, repr=False)
class Constant(Schedule):
    """``constant``: the base LR times ``factor``.

    ``lr(t) = factor * base_lr`` for every step (for ``duration`` steps when
    given, which lets it lead a ``>>`` sequence).

    Matches torch's ``ConstantLR(factor, total_iters=n)`` as
    ``constant(n, factor=f) >> constant``, and transformers'
    ``get_constant_schedule``.

    >>> import lrkit as lk
    >>> lk.constant(factor=0.5).bind()(123, base_lr=0.1)
    0.05
    """

    duration: Duration | int | str | None = None
    factor: float = 1.0
    name: ClassVar[str] = "constant"
    positional: ClassVar[tuple[str, ...]] = ("duration",)
    length_field: ClassVar[str | None] = "duration"

    def __post_init__(self) -> None:
        self._duration("duration")
        self._float("factor", ge=0)

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        self._span(ctx, span, needed=False)  # resolve now so unit errors show at bind time
        factor = self.factor

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            return full(xp, t, base * factor)

        return f


@register
@dataclass(frozen=True, repr=False)
class Clip(Schedule):
    """``clip``: keep the incoming LR within ``[min_lr, max_lr]`` (absolute LRs).

    Used as a factor of a product: ``cosine * clip(min_lr=1e-5)`` is a cosine
    whose LR never goes below ``1e-5``. On its own, ``lr = clip(base_lr)``.

    >>> import lrkit as lk
    >>> c = (lk.linear(start_factor=1.0, end_factor=0.0) * lk.clip(min_lr=0.01)).bind(total_steps=10)
    >>> c(10, 0.1), c(0, 0.1)
    (0.01, 0.1)
    """

    min_lr: float | None = None
    max_lr: float | None = None
    name: ClassVar[str] = "clip"

    def __post_init__(self) -> None:
        self._float("min_lr", ge=0, optional=True)
        self._float("max_lr", gt=0, optional=True)
        if self.min_lr is None and self.max_lr is None:
            raise self._err("min_lr or max_lr", "given (a floor, a ceiling, or both)", None)
        if self.min_lr is not None and self.max_lr is not None and self.min_lr > self.max_lr:
            raise self._err("min_lr", f"<= max_lr ({self.max_lr})", self.min_lr)

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        lo, hi = self.min_lr, self.max_lr

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            out = full(xp, t, base)
            out = out if lo is None else xp.maximum(out, lo)
            return out if hi is None else xp.minimum(out, hi)

        return f
