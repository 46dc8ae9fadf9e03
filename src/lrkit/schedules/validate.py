"""The one validation helper: numbers checked against bounds, with one message template.

Every parameter check in lrkit words its error the same way::

    {where}: {name} must be {rule}{note}, got {value}

``where`` is the family or function the user called, ``name`` the parameter as
they wrote it, ``rule`` what is accepted (``a whole number >= 1``, ``a number``,
``finite``, ``> 0``) and ``note`` an optional reason in parentheses.

>>> check_int("bind", "total_steps", 100, ge=1)
100
>>> try:
...     check_float("cosine", "min_lr", -1e-5, ge=0)
... except ValueError as e:
...     print(e)
cosine: min_lr must be >= 0, got -1e-05
>>> try:
...     check_int("tune", "trials", 2.5, ge=1, note="how many trials to run")
... except ValueError as e:
...     print(e)
tune: trials must be a whole number >= 1 (how many trials to run), got 2.5
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import LRKitError

__all__ = ["invalid", "check_int", "check_float", "fmt_number"]


def fmt_number(x: float) -> str:
    """Shortest text that reads back as exactly ``x`` (``5.0`` -> ``"5"``)."""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if math.isfinite(x) and x == int(x) and abs(x) < 1e16:
        return str(int(x))
    return repr(float(x))


def invalid(where: str, name: str, rule: str, value: Any, note: str = "", *, shown: str | None = None) -> LRKitError:
    """The error for a bad parameter, in the one template (returned, for the caller to raise).

    ``shown`` replaces ``repr(value)`` where the value reads better another way.
    """
    head = f"{where}: " if where else ""
    tail = f" ({note})" if note else ""
    return LRKitError(f"{head}{name} must be {rule}{tail}, got {repr(value) if shown is None else shown}")


def _is_real(v: Any) -> bool:
    return not isinstance(v, (bool, np.bool_)) and isinstance(v, (int, float, np.integer, np.floating))


def check_int(where: str, name: str, value: Any, *, ge: int | None = None, le: int | None = None,
              integral_floats: bool = False, optional: bool = False, note: str = "") -> Any:
    """``value`` as an ``int`` when it is a whole number within ``[ge, le]``; else the one error.

    Booleans are refused (``True`` is not a count). ``integral_floats`` also
    accepts floats with no fractional part (``5.0``), as spec values may be.
    ``None`` passes through when ``optional``.
    """
    if value is None and optional:
        return None
    ok = _is_real(value) and (isinstance(value, (int, np.integer)) or (
        integral_floats and math.isfinite(value) and value == int(value)))
    if ok:
        ok = (ge is None or value >= ge) and (le is None or value <= le)
    if not ok:
        bounds = [f">= {ge}"] * (ge is not None) + [f"<= {le}"] * (le is not None)
        raise invalid(where, name, " ".join(["a whole number", " and ".join(bounds)]).strip(), value, note)
    return int(value)


def check_float(where: str, name: str, value: Any, *, gt: float | None = None, ge: float | None = None,
                lt: float | None = None, le: float | None = None, optional: bool = False,
                note: str = "", shown: str | None = None, rule: str | None = None) -> Any:
    """``value`` as a ``float`` when it is a finite real number within the bounds; else the one error.

    The rule names what failed: ``a number`` (a string, a bool, None), ``finite``
    (NaN, infinity, an int too large for a float), or the bound (``>= 0``);
    ``rule`` states one rule for every failure instead (``"a number >= 0"``).
    """
    if value is None and optional:
        return None
    if not _is_real(value):
        raise invalid(where, name, rule or "a number", value, note, shown=shown)
    try:
        v = float(value)
    except OverflowError:  # an int too large for a float
        raise invalid(where, name, rule or "finite", value, note, shown=shown) from None
    if not math.isfinite(v):
        raise invalid(where, name, rule or "finite", v, note, shown=shown)
    for bound, ok, op in ((gt, lambda b: v > b, ">"), (ge, lambda b: v >= b, ">="),
                          (lt, lambda b: v < b, "<"), (le, lambda b: v <= b, "<=")):
        if bound is not None and not ok(bound):
            raise invalid(where, name, rule or f"{op} {fmt_number(bound)}", v, note, shown=shown)
    return v
