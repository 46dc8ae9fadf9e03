"""What a comparison entry may say beyond a plain spec: ``auto`` LRs and a base LR.

A comparison entry is a schedule spec, optionally followed by ``; lr=VALUE``
(the run's base LR). Any keyword value may be ``auto`` (optionally ``auto*K``
or ``auto/K``): it stands for the LR finder's suggestion, which is run once
first. The core parser only takes numbers, so the experiments layer
substitutes the number into the text before parsing; the run records both the
entry as written and the resolved spec.

>>> e = Entry.parse("onecycle(max_lr=auto) ; lr=auto/10")
>>> e.spec, e.lr, e.needs_auto
('onecycle(max_lr=auto)', 'auto/10', True)
>>> e.resolve(0.3)
('onecycle(max_lr=0.3)', 0.03)
>>> Entry.parse("cosine").resolve(None)
('cosine', None)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from ..errors import LRKitError
from ..schedules.units import fmt_number

__all__ = ["Entry", "substitute_auto", "has_auto"]

_NUM = r"[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?"
# ``name = auto``, ``name=auto*3``, ``name=auto/10`` (only keyword values; not inside quotes)
_AUTO_RE = re.compile(rf"(?P<pre>=\s*)auto(?:\s*(?P<op>[*/])\s*(?P<k>{_NUM}))?(?![A-Za-z0-9_.])")
_LR_RE = re.compile(rf"^\s*lr\s*=\s*(?P<v>auto(?:\s*[*/]\s*{_NUM})?|{_NUM})\s*$")


def _apply(value: float, op: str | None, k: str | None) -> float:
    if op is None:
        return value
    kf = float(k)
    if kf == 0 and op == "/":
        raise LRKitError("auto/0: cannot divide the finder's suggestion by zero")
    return value * kf if op == "*" else value / kf


def has_auto(text: str) -> bool:
    """Whether ``text`` holds an ``auto`` placeholder (``max_lr=auto`` …)."""
    return bool(_AUTO_RE.search(unquoted(text)))


def unquoted(text: str) -> str:
    """``text`` with quoted strings blanked (same length), so ``auto`` in a string is left alone."""
    return re.sub(r"(['\"]).*?\1", lambda m: " " * len(m.group(0)), text)


def substitute_auto(text: str, value: float | None) -> str:
    """Replace each ``=auto`` (``auto*K``, ``auto/K``) in ``text`` by a number from ``value``.

    >>> substitute_auto("cyclic(base_lr=auto/10, max_lr=auto)", 0.5)
    'cyclic(base_lr=0.05, max_lr=0.5)'
    """
    blank = unquoted(text)
    matches = list(_AUTO_RE.finditer(blank))
    if not matches:
        return text
    if value is None or not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
        raise LRKitError(f"{text!r}: 'auto' needs the LR finder's suggestion (a number > 0), got {value!r}")
    out, last = [], 0
    for m in matches:
        out.append(text[last:m.start()])
        out.append(m.group("pre") + fmt_number(float(f"{_apply(float(value), m.group('op'), m.group('k')):.6g}")))
        last = m.end()
    out.append(text[last:])
    return "".join(out)


@dataclass(frozen=True)
class Entry:
    """One schedule of a comparison: ``spec`` text (may hold ``auto``) and an optional base ``lr``."""

    spec: str
    lr: str | None = None

    @classmethod
    def parse(cls, text: Any) -> "Entry":
        """Split ``"SPEC ; lr=VALUE"``; a :class:`lrkit.Schedule` is taken as its spec text."""
        from ..schedules import Schedule

        if isinstance(text, Schedule):
            return cls(str(text))
        if not isinstance(text, str) or not text.strip():
            raise LRKitError(f"schedule must be spec text or a Schedule, got {text!r}")
        spec, sep, rest = text.partition(";")
        lr = None
        if sep:
            m = _LR_RE.match(rest)
            if not m:
                raise LRKitError(f"{text!r}: after ';' a comparison entry takes 'lr=NUMBER' or 'lr=auto', "
                                 f"got {rest.strip()!r}")
            lr = re.sub(r"\s+", "", m.group("v"))
            if not lr.startswith("auto") and not float(lr) > 0:
                raise LRKitError(f"{text!r}: lr must be > 0, got {lr}")
        if not spec.strip():
            raise LRKitError(f"{text!r}: the schedule spec before ';' is empty")
        return cls(spec.strip(), lr)

    @property
    def label(self) -> str:
        """The entry as the user wrote it (normalized spacing): the run's name."""
        return self.spec + (f"; lr={self.lr}" if self.lr is not None else "")

    @property
    def needs_auto(self) -> bool:
        return has_auto(self.spec) or (self.lr is not None and self.lr.startswith("auto"))

    def resolve(self, auto: float | None) -> tuple[str, float | None]:
        """(spec text with numbers for ``auto``, base LR or None)."""
        spec = substitute_auto(self.spec, auto)
        lr = None
        if self.lr is not None:
            lr = float(substitute_auto("=" + self.lr, auto)[1:]) if self.lr.startswith("auto") else float(self.lr)
        return spec, lr
