"""Durations: steps (``1000``), epochs (``"5ep"``), a fraction of the run (``"5%"``), tokens (``"375Mtok"``) or samples (``"50ksp"``).

A :class:`Duration` is resolved to a whole number of optimizer steps by a
:class:`Context`: the run's ``total_steps``, ``steps_per_epoch``, and the
``tokens_per_step`` / ``samples_per_step`` that convert token and sample
budgets. Token and sample counts take the multipliers ``k`` (10**3), ``M``
(10**6), ``B`` (10**9) and ``T`` (10**12) and underscores between digits
(``"1_000_000tok"``); they must come to a whole number of tokens or samples.

One rounding rule for every duration that is not a whole number of steps
(epochs, fractions, tokens, samples): it rounds *up* (``ceil``), so a phase
covers at least what it was given, as transformers does for ``warmup_ratio``;
a duration is never shorter than one step.

>>> from lrkit.schedules.units import Duration, Context
>>> ctx = Context(total_steps=1000, steps_per_epoch=30, tokens_per_step=2**20, samples_per_step=512)
>>> [Duration.of(x, "d").resolve(ctx, "d") for x in (100, "5%", "2ep", "2.5ep", "50Mtok", "10ksp")]
[100, 50, 60, 75, 48, 20]
>>> str(Duration.of("375_000_000tok", "d")), str(Duration.of(1500, "d")), str(Duration.of("1.5Bsp", "d"))
('375Mtok', '1500', '1.5Bsp')
"""

from __future__ import annotations

import decimal
import math
import re
from dataclasses import dataclass
from fractions import Fraction

from ..errors import LRKitError
from .validate import check_float, check_int, fmt_number, invalid

__all__ = ["Duration", "Context", "fmt_number", "count_value", "MULTIPLIERS"]

_UNITS = {"steps": "", "epochs": "ep", "fraction": "%", "tokens": "tok", "samples": "sp"}
#: the multipliers a token or sample count may carry (``375Mtok``).
MULTIPLIERS = {"k": 3, "M": 6, "B": 9, "T": 12}
_NUM = r"(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9]+)?"
_DURATION_RE = re.compile(rf"^\s*({_NUM})\s*(ep|%|steps?|([kMBT])?(tok|sp))?\s*$")
_ACCEPTED = "steps (100), epochs ('5ep'), a fraction ('5%'), tokens ('375Mtok') or samples ('50ksp')"
# what converts each unit to steps: (Context field, what it is, the unit's name in messages)
_CONVERSIONS = {"epochs": ("steps_per_epoch", "epochs"), "tokens": ("tokens_per_step", "tokens"),
                "samples": ("samples_per_step", "samples")}


def count_value(number: str, multiplier: str | None) -> float:
    """``number`` (underscores allowed) times ``multiplier``'s power of ten, rounded once to a float.

    Exact in decimal first (``1.1M`` is 1100000, not ``1.1 * 1e6``); ``inf`` when too large.

    >>> count_value("1.1", "M"), count_value("1_000", None)
    (1100000.0, 1000.0)
    """
    try:
        d = decimal.Decimal(number.replace("_", "")).scaleb(MULTIPLIERS[multiplier] if multiplier else 0,
                                                              decimal.Context(prec=60, Emax=10**6, Emin=-10**6))
        return float(d)
    except (ArithmeticError, ValueError):  # an exponent beyond the decimal context
        return math.inf


def _fmt_count(value: float) -> str:
    """A whole count with the largest multiplier that leaves at most two decimals (``1.5B``), else in full."""
    if not math.isfinite(value) or value != int(value):
        return fmt_number(value)
    n = int(value)
    for mult, p in sorted(MULTIPLIERS.items(), key=lambda kv: -kv[1]):
        if n >= 10**p and (n * 100) % 10**p == 0:
            q = decimal.Decimal(n).scaleb(-p).normalize()
            return f"{q:f}{mult}"
    return str(n)


@dataclass(frozen=True)
class Context:
    """What a schedule is bound to: run length and epoch size in optimizer steps, and the token/sample conversions.

    ``total_steps`` may also be given as a duration in epochs, tokens or samples
    (``"300Btok"``), converted here by the same rounding rule (up) to steps.
    """

    total_steps: int | None = None
    steps_per_epoch: int | None = None
    tokens_per_step: float | None = None
    samples_per_step: float | None = None

    def __post_init__(self) -> None:
        for name in ("tokens_per_step", "samples_per_step"):
            v = check_float("bind", name, getattr(self, name), gt=0, optional=True)
            object.__setattr__(self, name, int(v) if v is not None and v == int(v) else v)
        total = self.total_steps
        if isinstance(total, (str, Duration)):
            d = Duration.of(total, "bind: total_steps")
            if d.unit in ("steps", "fraction"):  # steps are a number, and a fraction of the run is no length
                raise invalid("bind", "total_steps", "a whole number >= 1, or a budget in 'ep', 'tok' or 'sp' "
                              "('3ep', '300Btok', '2Msp')", total, shown=repr(str(total)))
            spe = check_int("bind", "steps_per_epoch", self.steps_per_epoch, ge=1, integral_floats=True,
                            optional=True)
            object.__setattr__(self, "total_steps",
                               d.resolve(Context(None, spe, self.tokens_per_step, self.samples_per_step),
                                         "bind: total_steps"))
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
    """A length of time in ``unit`` ("steps", "epochs", "fraction", "tokens" or "samples").

    ``value`` is the number the user meant: ``5`` for ``"5%"`` (a fraction
    is stored in percent), ``2.5`` for ``"2.5ep"``, ``375e6`` for ``"375Mtok"``.
    """

    value: float
    unit: str = "steps"

    @classmethod
    def of(cls, x: object, what: str) -> "Duration":
        """Build a duration from ``100``, ``"100"``, ``"5ep"``, ``"5%"``, ``"375Mtok"``, ``"50ksp"`` or a Duration.

        ``what`` names the parameter in errors (``"warmup: duration"``).
        """
        if isinstance(x, Duration):
            d = x
        elif isinstance(x, bool) or x is None:
            raise LRKitError(f"{what} must be {_ACCEPTED}, got {x!r}")
        elif isinstance(x, (int, float)):
            if isinstance(x, int) and abs(x) >= 2**1024:  # beyond float range (math.isfinite would overflow)
                raise LRKitError(f"{what} must be finite, got a number too large for a float (above 1.8e308)")
            if not math.isfinite(x) or x != int(x):
                raise LRKitError(
                    f"{what} must be a whole number of steps, or a string with a unit ('5ep', '5%', '375Mtok'), "
                    f"got {x!r}")
            d = cls(float(x), "steps")
        elif isinstance(x, str):
            m = _DURATION_RE.match(x)
            if not m:
                raise LRKitError(f"{what} must be {_ACCEPTED}, got {x!r}")
            unit = m.group(2) or ""
            num = count_value(m.group(1), m.group(3))
            if not math.isfinite(num):  # '1e400' reads as inf
                raise LRKitError(f"{what} must be finite, got {x!r}")
            if unit.startswith("step"):
                unit = ""
            d = cls(num, {"": "steps", "ep": "epochs", "%": "fraction", "tok": "tokens", "sp": "samples"}[
                m.group(4) or unit])
        else:
            raise LRKitError(f"{what} must be {_ACCEPTED}, got {x!r}")
        if d.unit not in _UNITS:
            raise LRKitError(f"{what} unit must be one of {', '.join(_UNITS)}, got {d.unit!r}")
        if not math.isfinite(d.value) or d.value <= 0:
            raise LRKitError(f"{what} must be > 0, got {str(d)!r}")
        if d.unit == "steps" and d.value != int(d.value):
            raise LRKitError(f"{what} must be a whole number of steps, got {d.value!r}")
        if d.unit in ("tokens", "samples") and d.value != int(d.value):
            raise LRKitError(f"{what} must be a whole number of {d.unit}, got {str(d)!r}")
        if d.unit == "fraction" and d.value > 100:
            raise LRKitError(f"{what} must be at most 100% of the run, got {str(d)!r}")
        return d

    def __str__(self) -> str:
        if self.unit in ("tokens", "samples"):
            return _fmt_count(self.value) + _UNITS[self.unit]
        return fmt_number(self.value) + _UNITS[self.unit]

    def to_json(self) -> int | str:
        """The JSON form: an int for steps, else the text (``"5ep"``, ``"5%"``, ``"375Mtok"``)."""
        return int(self.value) if self.unit == "steps" else str(self)

    def resolve(self, ctx: Context, what: str) -> int:
        """The duration in optimizer steps (rounded up); an error names what to pass when it cannot be known."""
        if self.unit == "steps":
            return int(self.value)
        if self.unit == "fraction":
            if ctx.total_steps is None:
                raise LRKitError(f"{what}={self} needs the run length: pass total_steps=… to bind()")
            return max(1, math.ceil(self.value / 100.0 * ctx.total_steps - 1e-9))  # float error adds no step
        field, name = _CONVERSIONS[self.unit]
        per = getattr(ctx, field)
        if per is None:
            raise LRKitError(f"{what}={self} is in {name}: pass {field}=… to bind()")
        if self.unit == "epochs":
            return max(1, math.ceil(self.value * per - 1e-9))
        return max(1, math.ceil(Fraction(self.value) / Fraction(per)))  # exact: whole counts over a rational rate
