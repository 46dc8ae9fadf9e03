"""Warmup: ramp the LR from ``start_factor * base_lr`` up to ``base_lr``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

from .base import EvalFn, Schedule
from .registry import register
from .units import Context, Duration

__all__ = ["Warmup"]


@register
@dataclass(frozen=True, repr=False)
class Warmup(Schedule):
    """``warmup``: ramp from ``start_factor * base_lr`` to ``base_lr`` over ``duration``.

    With ``n`` the duration in steps and ``p = min(t, n) / n``:

    - ``mode="linear"``: ``lr = base_lr * (start_factor + (1 - start_factor) * p)``
    - ``mode="exponential"``: ``lr = base_lr * start_factor ** (1 - p)`` (needs ``start_factor > 0``)

    and ``lr = base_lr`` from step ``n`` on. Written first in a sequence:
    ``warmup(5%) >> cosine`` gives the cosine the rest of the run.

    Matches torch's ``LinearLR(start_factor, total_iters=n)`` (use
    ``start_factor=1/3`` for torch's default), the warmup of transformers'
    ``get_*_schedule_with_warmup`` (``start_factor=0``), and optax's
    ``linear_schedule(init_value, peak, n)``.

    >>> import lrkit as lk
    >>> c = lk.warmup(4).bind()
    >>> [c(t, 1.0) for t in range(6)]
    [0.0, 0.25, 0.5, 0.75, 1.0, 1.0]
    """

    duration: Duration | int | str = None  # type: ignore[assignment]
    start_factor: float = 0.0
    mode: str = "linear"
    name: ClassVar[str] = "warmup"
    positional: ClassVar[tuple[str, ...]] = ("duration",)
    length_field: ClassVar[str | None] = "duration"

    def __post_init__(self) -> None:
        self._duration("duration", optional=False)
        self._choice("mode", ("linear", "exponential"))
        if self.mode == "exponential":
            self._float("start_factor", gt=0, le=1)
        else:
            self._float("start_factor", ge=0, le=1)

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        n = float(self._span(ctx, span))
        sf, mode = self.start_factor, self.mode

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            p = xp.minimum(t, n) / n
            m = sf + (1.0 - sf) * p if mode == "linear" else sf ** (1.0 - p)
            return base * m

        return f
