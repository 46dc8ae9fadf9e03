"""The text and dict forms of a schedule: ``str(s)``, ``s.to_dict()`` and :func:`from_dict`.

The text form is the canonical spec (``parse(str(s)) == s``); the dict form is
``{"type": name, **non-default arguments}`` with combinators as
``{"type": "seq" | "product", "parts": [...]}``, for JSON/YAML/TOML
(``from_dict(s.to_dict()) == s``). :mod:`lrkit.spec` installs :func:`to_text`
and :func:`to_dict` as the schedules' ``__str__`` and ``to_dict``.

>>> import lrkit as lk
>>> s = lk.warmup("5%") >> lk.cosine(min_lr=1e-5)
>>> to_text(s)
'warmup(5%) >> cosine(min_lr=1e-05)'
>>> from_dict(to_dict(s)) == s
True
"""

from __future__ import annotations

import dataclasses
from typing import Any, Mapping

from ..errors import LRKitError, SpecError
from ..schedules.base import Schedule
from ..schedules.combinators import Product, Sequence
from ..schedules.units import Duration
from ..schedules.validate import fmt_number
from .build import build, family

__all__ = ["to_text", "to_dict", "from_dict", "MAX_DICT_DEPTH"]

#: deepest nesting of ``parts`` accepted by :func:`from_dict`.
MAX_DICT_DEPTH = 64
_WORDS = ("true", "false", "none", "inf", "nan")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, (int, float)) and not isinstance(b, bool):
        return a == b and not isinstance(a, bool)
    return type(a) is type(b) and a == b


def _non_default(s: Schedule) -> dict[str, Any]:
    """The arguments of ``s`` that differ from the constructor's defaults, in field order."""
    out = {}
    for f in s._fields():
        v = getattr(s, f.name)
        default = f.default if f.default is not dataclasses.MISSING else (
            f.default_factory() if f.default_factory is not dataclasses.MISSING else dataclasses.MISSING)
        if default is not dataclasses.MISSING and _same(v, default):
            continue
        out[f.name] = v
    return out


def _fmt_value(v: Any) -> str:
    """One argument value as spec text that the parser reads back as ``v``."""
    if isinstance(v, (Schedule, Duration)):
        return str(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "none"
    if isinstance(v, (int, float)):
        return fmt_number(v)
    if isinstance(v, str):
        # a bare word only when the parser reads it back as this string (ASCII name, not a keyword)
        bare = v.isascii() and v.isidentifier() and v.lower() not in _WORDS
        return v if bare else "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(v, tuple):
        return "[" + ", ".join(_fmt_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {v!r} in a spec")


def to_text(s: Schedule) -> str:
    """The canonical spec text of ``s``: positional arguments first, defaults left out."""
    if isinstance(s, Sequence):
        return " >> ".join(str(p) for p in s.parts)
    if isinstance(s, Product):
        return " * ".join(f"({p})" if isinstance(p, Sequence) else str(p) for p in s.parts)
    args = _non_default(s)
    if not args:
        return s.name
    parts = []
    for p in s.positional:
        if p not in args:
            break
        parts.append(_fmt_value(args.pop(p)))
    parts += [f"{k}={_fmt_value(v)}" for k, v in args.items()]
    return f"{s.name}({', '.join(parts)})"


def _json_value(v: Any) -> Any:
    if isinstance(v, Schedule):
        return to_dict(v)
    if isinstance(v, Duration):
        return v.to_json()
    if isinstance(v, tuple):
        return [_json_value(x) for x in v]
    return v  # floats stay floats (5.0, not 5) so that from_dict gives equal values


def to_dict(s: Schedule) -> dict[str, Any]:
    """The dict form of ``s``; a schedule holding Python code has none (an error says so)."""
    if isinstance(s, (Sequence, Product)):
        return {"type": s.name, "parts": [to_dict(p) for p in s.parts]}
    if not s.serializable:
        raise LRKitError(f"{s.name}: holds Python code and cannot be serialized; "
                         "write the schedule with the built-in families instead")
    return {"type": s.name, **{k: _json_value(v) for k, v in _non_default(s).items()}}


def from_dict(d: Mapping[str, Any], _depth: int = 0) -> Schedule:
    """Build a schedule from its dict form (``Schedule.to_dict()``); errors are :class:`SpecError`.

    >>> import lrkit as lk
    >>> lk.from_dict({"type": "seq", "parts": [{"type": "warmup", "duration": "5%"}, {"type": "cosine"}]})
    Schedule('warmup(5%) >> cosine')
    """
    if not isinstance(d, Mapping):
        raise SpecError(f"a schedule dict must be a mapping with a 'type', got {d!r}")
    if _depth > MAX_DICT_DEPTH:
        raise SpecError(f"a schedule dict nested too deeply (more than {MAX_DICT_DEPTH} levels of 'parts')")
    kind = d.get("type")
    if not isinstance(kind, str):
        raise SpecError(f"a schedule dict needs a 'type' naming the family, got {dict(d)!r}")
    if kind in ("seq", "product"):
        parts = d.get("parts")
        if set(d) - {"type", "parts"} or not isinstance(parts, list):
            raise SpecError(f"{kind}: takes only 'parts', a list of schedule dicts, got {dict(d)!r}")
        cls = Sequence if kind == "seq" else Product
        return build(cls, {"parts": tuple(from_dict(p, _depth + 1) for p in parts)})
    cls = family(kind)
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in d.items() if k != "type"}
    return build(cls, kwargs)
