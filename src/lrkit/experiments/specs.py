"""What a comparison entry may say beyond a plain spec: ``auto`` LRs and a base LR.

A comparison entry is a schedule spec, optionally followed by ``; lr=VALUE``
(the run's base LR). Any keyword value (and the base LR) may be ``auto``,
``auto.min`` or ``auto.max``, each optionally ``*K`` or ``/K``: ``auto`` is the
LR finder's suggestion (``FinderResult.suggest()``, the LR for constant
training), ``auto.min``/``auto.max`` the ends of its suggested range for
cyclic and one-cycle schedules (``FinderResult.suggest_range()``). The finder
is run once first. The core parser only takes numbers, so the experiments
layer substitutes the numbers into the text before parsing; the run records
both the entry as written and the resolved spec.

>>> e = Entry.parse("onecycle(max_lr=auto.max) ; lr=auto/10")
>>> e.spec, e.lr, sorted(e.auto_keys)
('onecycle(max_lr=auto.max)', 'auto/10', ['lr', 'max_lr'])
>>> e.resolve({"lr": 0.3, "min_lr": 0.05, "max_lr": 0.9})
('onecycle(max_lr=0.9)', 0.03)
>>> Entry.parse("constant; lr=auto").resolve(0.3)      # a number is the plain ``auto``
('constant', 0.3)
>>> Entry.parse("cosine").resolve(None)
('cosine', None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from ..errors import LRKitError
from ..schedules.units import fmt_number
from ..schedules.validate import check_float

__all__ = ["Entry", "substitute_auto", "has_auto", "auto_values", "AUTO_KEYS"]

#: what follows ``auto`` -> the key of the value it stands for (see :func:`auto_values`)
AUTO_KEYS = {"": "lr", ".min": "min_lr", ".max": "max_lr"}
_NUM = r"[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?"
# ``name = auto``, ``name=auto.max*3``, ``name=auto/10`` (only keyword values; not inside quotes). ``which``
# takes any ``.word`` so that ``auto.mid`` or ``auto.`` is matched, then refused by name.
_AUTO_RE = re.compile(rf"(?P<pre>=\s*)auto(?P<which>\.[A-Za-z0-9_.]*)?"
                      rf"(?:\s*(?P<op>[*/])\s*(?P<k>{_NUM}))?(?![A-Za-z0-9_.])")
_LR_RE = re.compile(rf"^\s*lr\s*=\s*(?P<v>auto(?:\.[A-Za-z0-9_.]*)?(?:\s*[*/]\s*{_NUM})?|{_NUM})\s*$")


def _apply(value: float, op: str | None, k: str | None) -> float:
    if op is None:
        return value
    kf = float(k)
    if kf == 0 and op == "/":
        raise LRKitError("auto/0: cannot divide the finder's suggestion by zero")
    return value * kf if op == "*" else value / kf


def _key(text: str, which: str | None) -> str:
    key = AUTO_KEYS.get(which or "")
    if key is None:
        raise LRKitError(f"{text!r}: 'auto{which}' is not a finder value: write auto (the suggestion), "
                         "auto.min or auto.max (the ends of the suggested range), each optionally *K or /K")
    return key


def auto_keys(text: str) -> set[str]:
    """The values the ``auto`` placeholders of ``text`` stand for (``"lr"``, ``"min_lr"``, ``"max_lr"``).

    >>> sorted(auto_keys("cyclic(base_lr=auto.min, max_lr=auto.max/2)"))
    ['max_lr', 'min_lr']
    """
    return {_key(text, m.group("which")) for m in _AUTO_RE.finditer(unquoted(text))}


def has_auto(text: str) -> bool:
    """Whether ``text`` holds an ``auto`` placeholder (``max_lr=auto``, ``max_lr=auto.max`` …)."""
    return bool(_AUTO_RE.search(unquoted(text)))


def auto_values(value: Any) -> dict[str, float]:
    """The finder's values as ``{"lr": …, "min_lr": …, "max_lr": …}`` (the keys given).

    ``value``: a number (the suggestion, for plain ``auto``), such a mapping
    (any of the three keys), or a finder result (``lrkit.find_lr``'s: its
    ``suggest()`` and, when the curve allows one, ``suggest_range()``).

    >>> auto_values(0.3)
    {'lr': 0.3}
    >>> auto_values({"lr": 0.3, "max_lr": 1})
    {'lr': 0.3, 'max_lr': 1.0}
    """
    if hasattr(value, "suggest") and hasattr(value, "suggest_range"):
        out = {"lr": value.suggest()}
        try:
            out["min_lr"], out["max_lr"] = value.suggest_range()
        except LRKitError:  # a curve too short for a range still has a suggestion
            pass
        value = out
    if not isinstance(value, Mapping):
        value = {"lr": value}
    unknown = sorted(set(value) - set(AUTO_KEYS.values()), key=str)
    if unknown:
        raise LRKitError(f"auto_lr: unknown key {unknown[0]!r}: give 'lr' (auto), 'min_lr' (auto.min) "
                         "and/or 'max_lr' (auto.max)")
    for k, v in value.items():
        check_float("auto_lr", k, v, gt=0, rule="an LR > 0", shown=repr(v))
    out = {k: float(value[k]) for k in AUTO_KEYS.values() if k in value}
    if "min_lr" in out and "max_lr" in out and out["min_lr"] > out["max_lr"]:
        raise LRKitError(f"auto_lr: min_lr ({out['min_lr']:g}) must be <= max_lr ({out['max_lr']:g})")
    return out


def unquoted(text: str) -> str:
    """``text`` with quoted strings blanked (same length), so ``auto`` in a string is left alone."""
    return re.sub(r"(['\"]).*?\1", lambda m: " " * len(m.group(0)), text)


def substitute_auto(text: str, value: float | Mapping[str, float] | None) -> str:
    """Replace each ``=auto`` (``auto.min``, ``auto.max``; ``*K``, ``/K``) in ``text`` by a number.

    ``value``: the suggestion (a number, for plain ``auto`` only) or a mapping
    as :func:`auto_values` returns.

    >>> substitute_auto("cyclic(base_lr=auto/10, max_lr=auto)", 0.5)
    'cyclic(base_lr=0.05, max_lr=0.5)'
    >>> substitute_auto("cyclic(base_lr=auto.min, max_lr=auto.max*0.5)", {"min_lr": 0.01, "max_lr": 0.8})
    'cyclic(base_lr=0.01, max_lr=0.4)'
    """
    blank = unquoted(text)
    matches = list(_AUTO_RE.finditer(blank))
    if not matches:
        return text
    values = auto_values(value) if value is not None else {}
    out, last = [], 0
    for m in matches:
        key = _key(text, m.group("which"))
        if key not in values:
            raise LRKitError(f"{text!r}: 'auto{m.group('which') or ''}' needs the LR finder's {key} "
                             f"(a number > 0), got {value!r}")
        out.append(text[last:m.start()])
        out.append(m.group("pre") + fmt_number(float(f"{_apply(values[key], m.group('op'), m.group('k')):.6g}")))
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
                raise LRKitError(f"{text!r}: after ';' a comparison entry takes 'lr=NUMBER' or 'lr=auto' "
                                 f"(auto.min, auto.max), got {rest.strip()!r}")
            lr = re.sub(r"\s+", "", m.group("v"))
            auto_keys("=" + lr)  # 'auto.mid' fails here, naming what is allowed
            if not lr.startswith("auto") and not float(lr) > 0:
                raise LRKitError(f"{text!r}: lr must be > 0, got {lr}")
        if not spec.strip():
            raise LRKitError(f"{text!r}: the schedule spec before ';' is empty")
        auto_keys(spec)
        return cls(spec.strip(), lr)

    @property
    def label(self) -> str:
        """The entry as the user wrote it (normalized spacing): the run's name."""
        return self.spec + (f"; lr={self.lr}" if self.lr is not None else "")

    @property
    def auto_keys(self) -> set[str]:
        """The finder values this entry uses: ``"lr"`` (``auto``), ``"min_lr"``, ``"max_lr"``."""
        return auto_keys(self.spec) | (auto_keys("=" + self.lr) if self.lr is not None else set())

    @property
    def needs_auto(self) -> bool:
        return bool(self.auto_keys)

    def resolve(self, auto: float | Mapping[str, float] | None) -> tuple[str, float | None]:
        """(spec text with numbers for ``auto``, base LR or None); ``auto`` as for :func:`substitute_auto`."""
        spec = substitute_auto(self.spec, auto)
        lr = None
        if self.lr is not None:
            lr = float(substitute_auto("=" + self.lr, auto)[1:]) if self.lr.startswith("auto") else float(self.lr)
        return spec, lr
