"""Durations: steps (``1000``), epochs (``"5ep"``) or a fraction of the run (``"5%"``).

A :class:`Duration` is resolved to a whole number of optimizer steps by a
:class:`Context` (the run's ``total_steps`` and ``steps_per_epoch``). Fractions
and epochs round up (``ceil``), as transformers does for ``warmup_ratio``.

>>> from lrkit.schedules.units import Duration, Context
>>> ctx = Context(total_steps=1000, steps_per_epoch=30)
>>> [Duration.of(x, "d").resolve(ctx, "d") for x in (100, "5%", "2ep", "2.5ep")]
[100, 50, 60, 75]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..errors import LRKitError
from .validate import check_int, fmt_number, invalid

__all__ = ["Duration", "Context", "fmt_number"]

_UNITS = {"steps": "", "epochs": "ep", "fraction": "%"}
_DURATION_RE = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(ep|%|steps?)?\s*$")


@dataclass(frozen=True)
class Context:
    """What a schedule is bound to: run length and epoch size, both in optimizer steps."""

    total_steps: int | None = None
    steps_per_epoch: int | None = None

    def __post_init__(self) -> None:
        for name in ("total_steps", "steps_per_epoch"):
            v = getattr(self, name)
            if v is None:
                continue
            v = check_int("bind", name, v, ge=1, integral_floats=True)
            if v >= 2**53:  # beyond exact float steps: the closed forms work in float64
                raise invalid("bind", name, "below 2**53", v, "float64 counts steps exactly only that far")
            object.__setattr__(self, name, int(v))


@dataclass(frozen=True)
class Duration:
    """A length of time in ``unit`` ("steps", "epochs" or "fraction").

    ``value`` is the number as the user wrote it: ``5`` for ``"5%"`` (a fraction
    is stored in percent), ``2.5`` for ``"2.5ep"``.
    """

    value: float
    unit: str = "steps"

    @classmethod
    def of(cls, x: object, what: str) -> "Duration":
        """Build a duration from ``100``, ``"100"``, ``"5ep"``, ``"5%"`` or a Duration.

        ``what`` names the parameter in errors (``"warmup: duration"``).
        """
        if isinstance(x, Duration):
            d = x
        elif isinstance(x, bool) or x is None:
            raise LRKitError(f"{what} must be steps (100), epochs ('5ep') or a fraction ('5%'), got {x!r}")
        elif isinstance(x, (int, float)):
            if isinstance(x, int) and abs(x) >= 2**1024:  # beyond float range (math.isfinite would overflow)
                raise LRKitError(f"{what} must be finite, got a number too large for a float (above 1.8e308)")
            if not math.isfinite(x) or x != int(x):
                raise LRKitError(
                    f"{what} must be a whole number of steps, or a string with a unit ('5ep', '5%'), got {x!r}"
                )
            d = cls(float(x), "steps")
        elif isinstance(x, str):
            m = _DURATION_RE.match(x)
            if not m:
                raise LRKitError(f"{what} must be steps (100), epochs ('5ep') or a fraction ('5%'), got {x!r}")
            num, unit = float(m.group(1)), m.group(2) or ""
            if not math.isfinite(num):  # '1e400' reads as inf
                raise LRKitError(f"{what} must be finite, got {x!r}")
            if unit.startswith("step"):
                unit = ""
            d = cls(num, {"": "steps", "ep": "epochs", "%": "fraction"}[unit])
            if d.unit == "steps" and num != int(num):
                raise LRKitError(f"{what} must be a whole number of steps, got {x!r}")
        else:
            raise LRKitError(f"{what} must be steps (100), epochs ('5ep') or a fraction ('5%'), got {x!r}")
        if d.unit not in _UNITS:
            raise LRKitError(f"{what} unit must be one of {', '.join(_UNITS)}, got {d.unit!r}")
        if not math.isfinite(d.value) or d.value <= 0:
            raise LRKitError(f"{what} must be > 0, got {str(d)!r}")
        if d.unit == "steps" and d.value != int(d.value):
            raise LRKitError(f"{what} must be a whole number of steps, got {d.value!r}")
        if d.unit == "fraction" and d.value > 100:
            raise LRKitError(f"{what} must be at most 100% of the run, got {str(d)!r}")
        return d

    def __str__(self) -> str:
        return fmt_number(self.value) + _UNITS[self.unit]

    def to_json(self) -> int | str:
        """The JSON form: an int for steps, else the text (``"5ep"``, ``"5%"``)."""
        return int(self.value) if self.unit == "steps" else str(self)

    def resolve(self, ctx: Context, what: str) -> int:
        """The duration in optimizer steps; an error names what to pass when it cannot be known."""
        if self.unit == "steps":
            return int(self.value)
        if self.unit == "fraction":
            if ctx.total_steps is None:
                raise LRKitError(f"{what}={self} needs the run length: pass total_steps=… to bind()")
            steps = self.value / 100.0 * ctx.total_steps
        else:
            if ctx.steps_per_epoch is None:
                raise LRKitError(f"{what}={self} is in epochs: pass steps_per_epoch=… to bind()")
            steps = self.value * ctx.steps_per_epoch
        return max(1, math.ceil(steps - 1e-9))
