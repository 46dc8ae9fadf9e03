"""The one builder behind both spec forms: text (the parser's calls) and dict (``from_dict``).

Both forms name a family and give it arguments, so both need the same checks,
worded the same way: the family exists and can be written (``lambda_`` holds
Python code), every parameter is one the family takes, the required ones are
there, and the constructor accepts the values. Every failure is a
:class:`BuildError` (an :class:`lrkit.SpecError`) whose ``param`` names the
parameter at fault, when one is, so that the parser can point at its column.

>>> build(family("cosine"), {"min_lr": 1e-5})
Schedule('cosine(min_lr=1e-05)')
>>> try:
...     check_params(family("cosine"), ["T_max"])
... except BuildError as e:
...     print(e, "|", e.param)
cosine: unknown parameter 'T_max'; accepted: duration, min_lr, min_lr_ratio, num_cycles | T_max
"""

from __future__ import annotations

import dataclasses
from typing import Any, Iterable

from ..errors import LRKitError, SpecError
from ..schedules.base import Schedule
from ..schedules.registry import REGISTRY
from .names import suggest

__all__ = ["BuildError", "family", "param_names", "check_params", "build"]

_FLOAT_MAX = 1.7976931348623157e308


class BuildError(SpecError):
    """A spec that names a family or arguments the family cannot take; ``param`` is the argument at fault."""

    def __init__(self, message: str, param: str | None = None):
        super().__init__(message)
        self.param = param


def family(name: str) -> type[Schedule]:
    """The family class written ``name`` in a spec: known, and with a text and dict form."""
    cls = REGISTRY.get(name)
    if cls is None:
        raise BuildError(f"unknown schedule {name!r}{suggest(name)}")
    if not cls.serializable:
        raise BuildError(f"{name} holds Python code and cannot be written in a spec; "
                         f"build it in Python (lk.{name}(fn))")
    return cls


def param_names(cls: type[Schedule]) -> list[str]:
    """The family's parameters, in constructor order."""
    return [f.name for f in dataclasses.fields(cls) if f.init]  # type: ignore[arg-type]


def check_params(cls: type[Schedule], given: Iterable[Any]) -> None:
    """Every name in ``given`` is a parameter of ``cls``."""
    names = param_names(cls)
    for key in given:
        if key not in names:
            tail = suggest(str(key), names)
            hint = f"{tail} (accepted: {', '.join(names)})" if tail.startswith(" — ") \
                else f"; accepted: {', '.join(names)}"
            raise BuildError(f"{cls.name}: unknown parameter {key!r}{hint}", str(key))


def _required(cls: type[Schedule], given: Iterable[str]) -> None:
    fields = [f for f in dataclasses.fields(cls) if f.init]  # type: ignore[arg-type]
    missing = [f.name for f in fields if f.name not in given and f.default is dataclasses.MISSING
               and f.default_factory is dataclasses.MISSING]
    if missing:
        raise BuildError(f"{cls.name}: needs {', '.join(missing)}; accepted: {', '.join(param_names(cls))}")


def _too_large(v: Any) -> bool:
    if isinstance(v, (tuple, list)):
        return any(_too_large(x) for x in v)
    return isinstance(v, int) and not isinstance(v, bool) and abs(v) > _FLOAT_MAX


def build(cls: type[Schedule], kwargs: dict[str, Any]) -> Schedule:
    """``cls(**kwargs)`` after the parameter checks; a failure is a :class:`BuildError`."""
    name = cls.name
    check_params(cls, kwargs)
    _required(cls, kwargs)
    try:
        return cls(**kwargs)
    except LRKitError as e:
        msg = str(e)
        param = next((k for k in kwargs if msg.startswith(f"{name}: {k} ")), None)
        raise BuildError(msg, param) from None
    except OverflowError:  # an int beyond float range where the family needs a float
        param = next((k for k, v in kwargs.items() if _too_large(v)), None)
        if param is not None:
            raise BuildError(f"{name}: {param} must be finite, got a number too large for a float "
                             "(above 1.8e308)", param) from None
        raise BuildError(f"{name}: a number is too large for a float (above 1.8e308)") from None
    except (TypeError, ValueError, ArithmeticError) as e:  # a value of a kind the family does not expect
        raise BuildError(f"{name}: invalid arguments ({e})") from None
