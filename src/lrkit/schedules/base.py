"""The :class:`Schedule` value, the bound :class:`Curve`, and the family registry.

A schedule is an immutable description of a learning-rate curve. ``bind()``
resolves its durations against a run (``total_steps``, ``steps_per_epoch``)
and returns a :class:`Curve`, a pure function ``lr(step, base_lr)`` computed in
closed form with numpy ufuncs, so one step and an array of a million steps go
through the same code.

Every family is a frozen dataclass registered under its spec name. It
implements ``_bind(ctx, span)``, returning ``f(t, base, ex)`` where ``t`` is
the float64 step *local to the family* (``0`` where it starts), ``base`` the
base LR (broadcast against ``t``), and ``ex`` the evaluation extras (the
plateau controller's reductions). ``span`` is the number of steps the family
was given (its own duration, the rest of a ``>>`` sequence, or the whole run),
or ``None`` when the run length is unknown.

>>> import numpy as np, lrkit as lk
>>> curve = (lk.warmup(10) >> lk.cosine()).bind(total_steps=110)
>>> [round(curve(s, base_lr=0.1), 6) for s in (0, 5, 10, 60, 110)]
[0.0, 0.05, 0.1, 0.05, 0.0]
>>> curve(np.array([5, 60]), base_lr=np.array([0.1, 1.0])).round(6).tolist()
[[0.05, 0.5], [0.05, 0.5]]
"""

from __future__ import annotations

import bisect
import dataclasses
import math
from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Iterable, Mapping

import numpy as np

from ..errors import LRKitError, SpecError
from .units import Context, Duration, fmt_number

__all__ = ["Schedule", "Curve", "Sequence", "Product", "REGISTRY", "register", "from_dict", "EvalFn"]

EvalFn = Callable[[np.ndarray, np.ndarray, Mapping[str, Any]], np.ndarray]
MomentumFn = Callable[[np.ndarray], np.ndarray]

#: spec name -> family class; the parser and ``from_dict`` read it.
REGISTRY: dict[str, type["Schedule"]] = {}


def register(cls: type["Schedule"]) -> type["Schedule"]:
    """Class decorator: make a family known to the parser under ``cls.name``."""
    if cls.name in REGISTRY and REGISTRY[cls.name] is not cls:
        raise RuntimeError(f"schedule name {cls.name!r} registered twice")
    REGISTRY[cls.name] = cls
    return cls


class Schedule:
    """Base of every schedule family and combinator.

    Subclasses are ``@register``-ed frozen dataclasses whose fields are exactly
    the constructor arguments. Class attributes:

    - ``name``: the spec name (``"cosine"``).
    - ``positional``: fields that may be written without ``name=`` in the text
      form, in order (the main duration first where there is one).
    - ``length_field``: the field holding the family's own duration (what a
      ``>>`` sequence consumes), or ``None``.
    - ``serializable``: ``False`` for ``lambda_`` (it holds Python code).
    """

    name: ClassVar[str] = ""
    positional: ClassVar[tuple[str, ...]] = ()
    length_field: ClassVar[str | None] = None
    serializable: ClassVar[bool] = True

    # ---- what a family implements ------------------------------------------------
    def _bind(self, ctx: Context, span: int | None) -> EvalFn:  # pragma: no cover - abstract
        raise NotImplementedError

    def _bind_momentum(self, ctx: Context, span: int | None) -> MomentumFn | None:
        """``g(t) -> momentum`` for families that cycle momentum (onecycle, cyclic), else ``None``.

        ``t`` is the local step as in ``_bind``; the result broadcasts against
        ``t``. ``NaN`` in the result means "leave the optimizer's momentum alone"
        at that step (a ``>>`` part that cycles no momentum).
        """
        return None

    # ---- validation helpers for __post_init__ -------------------------------------
    def _set(self, field: str, value: Any) -> None:
        object.__setattr__(self, field, value)

    def _err(self, field: str, rule: str, value: Any) -> LRKitError:
        shown = str(value) if isinstance(value, Duration) else repr(value)
        return LRKitError(f"{self.name}: {field} must be {rule}, got {shown}")

    def _float(self, field: str, *, gt: float | None = None, ge: float | None = None,
               lt: float | None = None, le: float | None = None, optional: bool = False) -> None:
        """Check ``field`` is a finite real number within the bounds; store it as float."""
        v = getattr(self, field)
        if v is None and optional:
            return
        if isinstance(v, bool) or not isinstance(v, (int, float, np.floating, np.integer)):
            raise self._err(field, "a number", v)
        try:
            v = float(v)
        except OverflowError:  # an int too large for a float
            raise self._err(field, "finite", v) from None
        if not math.isfinite(v):
            raise self._err(field, "finite", v)
        for bound, ok, txt in ((gt, lambda b: v > b, ">"), (ge, lambda b: v >= b, ">="),
                               (lt, lambda b: v < b, "<"), (le, lambda b: v <= b, "<=")):
            if bound is not None and not ok(bound):
                raise self._err(field, f"{txt} {fmt_number(bound)}", v)
        self._set(field, v)

    def _int(self, field: str, *, ge: int = 0, optional: bool = False) -> None:
        v = getattr(self, field)
        if v is None and optional:
            return
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer)) \
                or (isinstance(v, float) and not math.isfinite(v)) or v != int(v) or v < ge:
            raise self._err(field, f"a whole number >= {ge}", v)
        self._set(field, int(v))

    def _duration(self, field: str, *, optional: bool = True) -> None:
        """Turn ``field`` into a :class:`Duration` (``None`` allowed when ``optional``)."""
        v = getattr(self, field)
        if v is None:
            if not optional:
                raise self._err(field, "a duration (steps, '5ep' or '5%')", v)
            return
        self._set(field, Duration.of(v, f"{self.name}: {field}"))

    def _durations(self, field: str, *, increasing: bool = True) -> None:
        v = getattr(self, field)
        if isinstance(v, (str, bytes)) or not isinstance(v, Iterable):
            raise self._err(field, "a list of durations", v)
        ds = tuple(Duration.of(x, f"{self.name}: {field}") for x in v)
        if increasing and len({d.unit for d in ds}) == 1:
            vals = [d.value for d in ds]
            if any(b <= a for a, b in zip(vals, vals[1:])):
                raise self._err(field, "strictly increasing", "[" + ", ".join(map(str, ds)) + "]")
        self._set(field, ds)

    def _floats(self, field: str, *, ge: float | None = None) -> None:
        v = getattr(self, field)
        if isinstance(v, (str, bytes)) or not isinstance(v, Iterable):
            raise self._err(field, "a list of numbers", v)
        out = []
        for x in v:
            if isinstance(x, bool) or not isinstance(x, (int, float, np.floating, np.integer)) \
                    or not math.isfinite(float(x)) or (ge is not None and float(x) < ge):
                rule = "a list of finite numbers" + (f" >= {fmt_number(ge)}" if ge is not None else "")
                raise self._err(field, rule, list(v))
            out.append(float(x))
        self._set(field, tuple(out))

    def _check_floor(self) -> None:
        """Validate a family's floor pair: ``min_lr`` (absolute) or ``min_lr_ratio`` (in [0, 1]), not both."""
        self._float("min_lr", ge=0, optional=True)
        self._float("min_lr_ratio", ge=0, le=1, optional=True)
        if getattr(self, "min_lr") is not None and getattr(self, "min_lr_ratio") is not None:
            raise self._err("min_lr", "left out when min_lr_ratio is given (one floor, absolute or relative)",
                            getattr(self, "min_lr"))

    def _choice(self, field: str, choices: Iterable[str]) -> None:
        v = getattr(self, field)
        choices = tuple(choices)
        if v not in choices:
            raise self._err(field, "one of " + ", ".join(repr(c) for c in choices), v)

    def _bool(self, field: str) -> None:
        v = getattr(self, field)
        if not isinstance(v, (bool, np.bool_)):
            raise self._err(field, "true or false", v)
        self._set(field, bool(v))

    # ---- durations -----------------------------------------------------------------
    @property
    def length(self) -> Duration | None:
        """The family's own duration (what ``a`` consumes in ``a >> b``), or ``None``."""
        return getattr(self, self.length_field) if self.length_field else None

    def _span(self, ctx: Context, span: int | None, *, needed: bool = True) -> int | None:
        """The steps this family covers: its own duration, else what it was given.

        With ``needed`` and neither known, raise the error that says what to pass.
        """
        own = self.length
        if own is not None:
            return own.resolve(ctx, f"{self.name}: {self.length_field}")
        if span is None and needed:
            hint = f"{self.name}({self.length_field}=…)" if self.length_field else self.name
            raise LRKitError(f"{self.name}() needs the run length: pass total_steps=… to bind(), "
                             f"or give {hint}")
        return span

    # ---- binding -------------------------------------------------------------------
    def bind(self, total_steps: int | None = None, steps_per_epoch: int | None = None,
             per: str = "step") -> "Curve":
        """Resolve every duration and return the :class:`Curve` ``lr(step, base_lr)``.

        ``per="epoch"`` evaluates the curve at the start of each step's epoch
        (the staircase a once-per-epoch torch loop produces).

        >>> import lrkit as lk
        >>> c = lk.cosine().bind(total_steps=100, steps_per_epoch=10, per="epoch")
        >>> c(0, 1.0) == c(9, 1.0) > c(10, 1.0)
        True
        """
        return Curve(self, Context(total_steps, steps_per_epoch), per)

    # ---- combinators ---------------------------------------------------------------
    def __rshift__(self, other: "Schedule") -> "Sequence":
        if not isinstance(other, Schedule):
            return NotImplemented
        return Sequence((self, other))  # Sequence flattens nested parts itself

    def __mul__(self, other: "Schedule | float") -> "Product":
        if isinstance(other, (int, float)) and not isinstance(other, bool):
            other = _constant(other)
        if not isinstance(other, Schedule):
            return NotImplemented
        return Product((self, other))  # Product flattens nested parts itself

    def __rmul__(self, other: float) -> "Product":
        if isinstance(other, (int, float)) and not isinstance(other, bool):
            return Product((_constant(other), self))
        return NotImplemented

    def clip(self, min_lr: float | None = None, max_lr: float | None = None) -> "Product":
        """This schedule with its LR kept within ``[min_lr, max_lr]`` (absolute LRs).

        >>> import lrkit as lk
        >>> str(lk.cosine().clip(min_lr=1e-5))
        'cosine * clip(min_lr=1e-05)'
        """
        return self * REGISTRY["clip"](min_lr=min_lr, max_lr=max_lr)

    # ---- text and dict forms -------------------------------------------------------
    def _fields(self) -> list[dataclasses.Field]:
        return [f for f in dataclasses.fields(self) if f.init]  # type: ignore[arg-type]

    def _non_default(self) -> dict[str, Any]:
        out = {}
        for f in self._fields():
            v = getattr(self, f.name)
            default = f.default if f.default is not dataclasses.MISSING else (
                f.default_factory() if f.default_factory is not dataclasses.MISSING else dataclasses.MISSING)
            if default is not dataclasses.MISSING and _same(v, default):
                continue
            out[f.name] = v
        return out

    def __str__(self) -> str:
        """The canonical spec text; ``lk.parse(str(s)) == s``."""
        args = self._non_default()
        if not args:
            return self.name
        parts = []
        for p in self.positional:
            if p in args:
                parts.append(_fmt_value(args.pop(p)))
            else:
                break
        parts += [f"{k}={_fmt_value(v)}" for k, v in args.items()]
        return f"{self.name}({', '.join(parts)})"

    def __repr__(self) -> str:
        return f"Schedule({str(self)!r})"

    def to_dict(self) -> dict[str, Any]:
        """The JSON/YAML/TOML form: ``{"type": name, **non-default arguments}``.

        >>> import lrkit as lk
        >>> lk.cosine(min_lr=1e-5).to_dict()
        {'type': 'cosine', 'min_lr': 1e-05}
        """
        if not self.serializable:
            raise LRKitError(f"{self.name}: holds Python code and cannot be serialized; "
                             "write the schedule with the built-in families instead")
        return {"type": self.name, **{k: _json_value(v) for k, v in self._non_default().items()}}

    def walk(self) -> Iterable["Schedule"]:
        """This node and every node inside it, depth first."""
        yield self


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, (int, float)) and not isinstance(b, bool):
        return a == b and not isinstance(a, bool)
    return type(a) is type(b) and a == b


def _fmt_value(v: Any) -> str:
    if isinstance(v, Schedule):
        return str(v)
    if isinstance(v, Duration):
        return str(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "none"
    if isinstance(v, (int, float)):
        return fmt_number(v)
    if isinstance(v, str):
        # a bare word only when the parser reads it back as this string (ASCII name, not a keyword)
        bare = v.isascii() and v.isidentifier() and v.lower() not in ("true", "false", "none", "inf", "nan")
        return v if bare else "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(v, tuple):
        return "[" + ", ".join(_fmt_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {v!r} in a spec")


def _json_value(v: Any) -> Any:
    if isinstance(v, Schedule):
        return v.to_dict()
    if isinstance(v, Duration):
        return v.to_json()
    if isinstance(v, tuple):
        return [_json_value(x) for x in v]
    if isinstance(v, float) and v == int(v) and abs(v) < 1e16:
        return v  # keep floats as floats so from_dict gives equal values
    return v


def _flatten(kind: type, items: Iterable[Schedule]) -> Iterable[Schedule]:
    for s in items:
        if isinstance(s, kind):
            yield from s.parts  # type: ignore[attr-defined]
        else:
            yield s


def _constant(factor: float) -> Schedule:
    return REGISTRY["constant"](factor=factor)


# ---- combinators ---------------------------------------------------------------------

@dataclass(frozen=True, eq=True, repr=False)
class Sequence(Schedule):
    """``a >> b >> c``: each part runs for its own duration, the last gets the rest of the run.

    Every part but the last must have a duration (``warmup(5%)``, ``cosine(30ep)``).
    At step ``t`` the part that covers ``t`` is evaluated at ``t - start``. When the
    last part has its own duration too, it holds its final value after it.

    >>> import lrkit as lk
    >>> s = lk.warmup("10%") >> lk.cosine(min_lr=1e-5)
    >>> str(s)
    'warmup(10%) >> cosine(min_lr=1e-05)'
    >>> c = s.bind(total_steps=100)
    >>> round(c(5, 1.0), 6), round(c(10, 1.0), 6), round(c(100, 1.0), 6)
    (0.5, 1.0, 1e-05)
    """

    parts: tuple[Schedule, ...]
    name: ClassVar[str] = "seq"

    def __post_init__(self) -> None:
        parts = tuple(self.parts)
        if len(parts) < 2 or not all(isinstance(p, Schedule) for p in parts):
            raise LRKitError(f"seq: parts must be two or more schedules, got {parts!r}")
        parts = tuple(_flatten(Sequence, parts))  # (a >> b) >> c is a >> b >> c: one canonical form
        for p in parts[:-1]:
            if p.length is None:
                raise LRKitError(
                    f"seq: {p} has no duration of its own, so nothing can follow it in '>>'; "
                    f"give it one ({p.name}(duration=…)) or put it last")
        self._set("parts", parts)

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        lengths = [p.length.resolve(ctx, f"{p.name}: {p.length_field}") for p in self.parts[:-1]]  # type: ignore
        starts = np.cumsum([0] + lengths)
        used = int(starts[-1])
        rest = None
        if span is not None:
            rest = span - used
            if rest < 0 or (rest == 0 and self.parts[-1].length is None):
                raise LRKitError(
                    f"seq: the parts before {self.parts[-1]} take {used} steps, "
                    f"{'more than' if rest < 0 else 'all of'} the run's {span}; "
                    "shorten them or lengthen the run")
        fns = [p._bind(ctx, n) for p, n in zip(self.parts, lengths + [rest])]
        starts_f = [float(s) for s in starts]

        bounds = list(zip(starts_f, starts_f[1:] + [math.inf]))

        def f(t: np.ndarray, base: np.ndarray, ex: Mapping[str, Any]) -> np.ndarray:
            if t.ndim == 0:  # one step: evaluate only the part that covers it
                i = bisect.bisect_right(starts_f, float(t)) - 1
                return fns[i](np.maximum(t - starts_f[i], 0.0), base, ex)
            rows = _row_layout(t, base)
            if rows is None:  # an unusual shape: every part everywhere, then pick
                out = fns[-1](np.maximum(t - starts_f[-1], 0.0), base, ex)
                for fn, lo, hi in zip(fns[-2::-1], starts_f[-2::-1], starts_f[:0:-1]):
                    out = np.where(t < hi, fn(np.maximum(t - lo, 0.0), base, ex), out)
                return out
            # steps along axis 0: each part is evaluated on its own rows only
            key, per_row = rows
            out = np.empty(np.broadcast_shapes(t.shape, np.shape(base)))
            if key.size > 1 and bool(np.all(key[1:] >= key[:-1])):
                # sorted steps (the usual arange): each part's rows are one slice, a view
                cuts = np.searchsorted(key, starts_f[1:], side="left").tolist()
                parts = [slice(a, b) for a, b in zip([0] + cuts, cuts + [key.size])]
            else:
                parts = [(key >= lo) & (key < hi) for lo, hi in bounds]
            for fn, (lo, _), m in zip(fns, bounds, parts):
                if (m.stop <= m.start) if isinstance(m, slice) else not m.any():
                    continue
                out[m] = fn(t[m] - lo, base[m] if per_row else base, ex)
            return out

        return f

    def _bind_momentum(self, ctx: Context, span: int | None) -> MomentumFn | None:
        """Each part's momentum over its own steps; ``NaN`` (leave alone) for parts without."""
        lengths = [p.length.resolve(ctx, f"{p.name}: {p.length_field}") for p in self.parts[:-1]]  # type: ignore
        starts = [float(s) for s in np.cumsum([0] + lengths)]
        rest = None if span is None else span - int(starts[-1])
        gs = [p._bind_momentum(ctx, n) for p, n in zip(self.parts, lengths + [rest])]
        if all(g is None for g in gs):
            return None

        def part(g: MomentumFn | None, t: np.ndarray) -> np.ndarray:
            return np.full(np.shape(t), np.nan) if g is None else np.broadcast_to(g(t), np.shape(t))

        def g(t: np.ndarray) -> np.ndarray:
            out = part(gs[-1], np.maximum(t - starts[-1], 0.0))
            for gi, lo, hi in zip(gs[-2::-1], starts[-2::-1], starts[:0:-1]):
                out = np.where(t < hi, part(gi, np.maximum(t - lo, 0.0)), out)
            return out

        return g

    @property
    def length(self) -> Duration | None:
        last = self.parts[-1].length
        if last is None or len({p.length.unit for p in self.parts}) != 1:  # type: ignore[union-attr]
            return None
        return Duration(sum(p.length.value for p in self.parts), last.unit)  # type: ignore[union-attr]

    def __str__(self) -> str:
        return " >> ".join(str(p) for p in self.parts)

    def to_dict(self) -> dict[str, Any]:
        return {"type": "seq", "parts": [p.to_dict() for p in self.parts]}

    def walk(self) -> Iterable[Schedule]:
        yield self
        for p in self.parts:
            yield from p.walk()


@dataclass(frozen=True, eq=True, repr=False)
class Product(Schedule):
    """``a * b``: ``b`` applied to ``a``'s learning rate.

    ``(a * b)(t, base) = b(t, base=a(t, base))``: for two relative schedules this
    is the product of their multipliers; an absolute floor in ``b`` (``clip``,
    ``plateau(min_lr=…)``, ``cosine(min_lr=…)``) applies to the final LR. A plain
    number is ``constant(factor)``: ``0.5 * cosine``.

    >>> import lrkit as lk
    >>> c = (lk.cosine() * lk.constant(factor=0.5)).bind(total_steps=10)
    >>> c(0, 0.2)
    0.1
    """

    parts: tuple[Schedule, ...]
    name: ClassVar[str] = "product"

    def __post_init__(self) -> None:
        parts = tuple(self.parts)
        if len(parts) < 2 or not all(isinstance(p, Schedule) for p in parts):
            raise LRKitError(f"product: parts must be two or more schedules, got {parts!r}")
        self._set("parts", tuple(_flatten(Product, parts)))  # (a * b) * c is a * b * c

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        fns = [p._bind(ctx, span) for p in self.parts]

        def f(t: np.ndarray, base: np.ndarray, ex: Mapping[str, Any]) -> np.ndarray:
            lr = base
            for fn in fns:
                lr = fn(t, lr, ex)
            return lr

        return f

    def _bind_momentum(self, ctx: Context, span: int | None) -> MomentumFn | None:
        """The momentum of the last part that sets one (non-``NaN``) at each step."""
        gs = [g for g in (p._bind_momentum(ctx, span) for p in self.parts) if g is not None]
        if not gs:
            return None

        def g(t: np.ndarray) -> np.ndarray:
            out = np.broadcast_to(gs[0](t), np.shape(t))
            for gi in gs[1:]:
                m = np.broadcast_to(gi(t), np.shape(t))
                out = np.where(np.isnan(m), out, m)
            return out

        return g

    @property
    def length(self) -> Duration | None:
        lengths = [p.length for p in self.parts if p.length is not None]
        return lengths[0] if len(lengths) == 1 else None

    def __str__(self) -> str:
        return " * ".join(f"({p})" if isinstance(p, Sequence) else str(p) for p in self.parts)

    def to_dict(self) -> dict[str, Any]:
        return {"type": "product", "parts": [p.to_dict() for p in self.parts]}

    def walk(self) -> Iterable[Schedule]:
        yield self
        for p in self.parts:
            yield from p.walk()


def _row_layout(t: np.ndarray, base: Any) -> tuple[np.ndarray, bool] | None:
    """For steps laid along axis 0 (``(S,)``, or ``(S, 1)`` against per-group bases), the
    step of each row and whether ``base`` varies per row too; ``None`` for other shapes."""
    if t.ndim == 1:
        key = t
    elif t.ndim == 2 and t.shape[1] == 1:
        key = t[:, 0]
    else:
        return None
    nb = np.ndim(base)
    if nb == 0 or (t.ndim == 2 and nb == 1):
        return key, False
    if nb == t.ndim and np.shape(base)[0] == t.shape[0]:
        return key, True
    return None


# ---- the bound curve -----------------------------------------------------------------

class Curve:
    """A schedule bound to a run: ``curve(step, base_lr)`` -> LR, in closed form.

    - ``step``: an int or an array of steps (0 is the first optimizer step).
    - ``base_lr``: a number, or an array of one base LR per param group; with an
      array of steps too, the result has shape ``(len(steps), len(groups))``.
    - ``reductions``: how many times a ``plateau(...)`` in the schedule has cut the LR.

    >>> import numpy as np, lrkit as lk
    >>> c = lk.parse("linear(start_factor=1, end_factor=0)").bind(total_steps=4)
    >>> c(np.arange(5), 2.0).tolist()
    [2.0, 1.5, 1.0, 0.5, 0.0]
    """

    def __init__(self, schedule: Schedule, ctx: Context, per: str = "step"):
        if per not in ("step", "epoch"):
            raise LRKitError(f"bind: per must be 'step' or 'epoch', got {per!r}")
        if per == "epoch" and ctx.steps_per_epoch is None:
            raise LRKitError("bind: per='epoch' needs steps_per_epoch=…")
        self.schedule = schedule
        self.context = ctx
        self.per = per
        self._fn = schedule._bind(ctx, ctx.total_steps)
        self._momentum_fn = schedule._bind_momentum(ctx, ctx.total_steps)

    @property
    def total_steps(self) -> int | None:
        return self.context.total_steps

    @property
    def steps_per_epoch(self) -> int | None:
        return self.context.steps_per_epoch

    def _steps(self, step: Any) -> np.ndarray:
        """``step`` checked (finite, >= 0) as float64; with ``per="epoch"``, floored to its epoch's first step."""
        try:
            t = np.asarray(step)
            ok = t.size == 0 or (t.dtype.kind in "iu" and t.min() >= 0)
            t = t.astype(np.float64, copy=False)
        except (TypeError, ValueError, OverflowError):  # not numbers, or an int beyond float64
            ok, t = False, np.zeros(0)
        else:
            if not ok and t.size:
                ok = bool(t.min() >= 0 and np.isfinite(t.max()))  # a NaN fails the first test
        if not ok:
            raise LRKitError(f"curve: step must be finite and >= 0, got {step!r}")
        if self.per == "epoch":
            spe = float(self.context.steps_per_epoch)  # type: ignore[arg-type]
            t = np.floor(t / spe) * spe
        return t

    def __call__(self, step: Any, base_lr: Any = 1.0, *, reductions: int = 0) -> Any:
        t = self._steps(step)
        try:
            b = np.asarray(base_lr, dtype=np.float64)
        except (TypeError, ValueError, OverflowError):  # text, None, ragged lists
            b = np.full((1, 1), np.nan)  # fails the check below, with the same message
        if b.ndim > 1 or not np.all(np.isfinite(b)) or np.any(b < 0):
            raise LRKitError(f"curve: base_lr must be a number >= 0 or a 1-D array of them, got {base_lr!r}")
        if isinstance(reductions, bool) or not isinstance(reductions, (int, np.integer)) or reductions < 0:
            raise LRKitError(f"curve: reductions must be a whole number >= 0 (times a plateau cut the LR), "
                             f"got {reductions!r}")
        if b.ndim == 1:
            t = t[..., None]
        out = self._fn(t, b, {"reductions": reductions})
        out = np.broadcast_to(out, np.broadcast_shapes(t.shape, b.shape)).astype(np.float64, copy=False)
        if out.ndim == 0:
            return float(out)
        return out

    @property
    def cycles_momentum(self) -> bool:
        """Whether the schedule sets the optimizer's momentum (``onecycle``, ``cyclic``)."""
        return self._momentum_fn is not None

    def momentum(self, step: Any) -> Any:
        """The momentum (SGD ``momentum`` / Adam ``beta1``) at ``step``, or ``None``.

        ``None`` when no part of the schedule cycles momentum. Otherwise a float
        (or an array shaped like ``step``); ``NaN`` at steps where the schedule
        leaves the optimizer's momentum alone (a ``>>`` part without momentum
        cycling, e.g. a warmup before a ``cyclic``). Momentum is the same for
        every param group. The torch adapter writes it like torch's
        ``OneCycleLR``/``CyclicLR`` do.

        >>> import lrkit as lk
        >>> c = lk.onecycle().bind(total_steps=100)
        >>> c.momentum(0), round(c.momentum(29), 6), c.momentum(99)
        (0.95, 0.85, 0.95)
        >>> lk.cosine().bind(total_steps=100).momentum(0) is None
        True
        """
        if self._momentum_fn is None:
            return None
        t = self._steps(step)
        out = np.broadcast_to(self._momentum_fn(t), t.shape).astype(np.float64, copy=False)
        return float(out) if out.ndim == 0 else out

    def __repr__(self) -> str:
        return (f"Curve({str(self.schedule)!r}, total_steps={self.total_steps}, "
                f"steps_per_epoch={self.steps_per_epoch}, per={self.per!r})")

    def __reduce__(self):
        return (_rebind, (self.schedule, self.context, self.per))


def _rebind(schedule: Schedule, ctx: Context, per: str) -> Curve:
    return Curve(schedule, ctx, per)


# ---- dict form -----------------------------------------------------------------------

def from_dict(d: Mapping[str, Any], _depth: int = 0) -> Schedule:
    """Build a schedule from its dict form (``Schedule.to_dict()``); errors are :class:`SpecError`.

    >>> import lrkit as lk
    >>> lk.from_dict({"type": "seq", "parts": [{"type": "warmup", "duration": "5%"}, {"type": "cosine"}]})
    Schedule('warmup(5%) >> cosine')
    """
    if not isinstance(d, Mapping):
        raise SpecError(f"a schedule dict must be a mapping with a 'type', got {d!r}")
    if _depth > 64:
        raise SpecError("a schedule dict nested too deeply (more than 64 levels of 'parts')")
    kind = d.get("type")
    if not isinstance(kind, str):
        raise SpecError(f"a schedule dict needs a 'type' naming the family, got {dict(d)!r}")
    if kind in ("seq", "product"):
        parts = d.get("parts")
        extra = set(d) - {"type", "parts"}
        if extra or not isinstance(parts, list):
            raise SpecError(f"{kind}: takes only 'parts', a list of schedule dicts, got {dict(d)!r}")
        built = [from_dict(p, _depth + 1) for p in parts]
        try:
            return (Sequence if kind == "seq" else Product)(tuple(built))
        except LRKitError as e:
            raise SpecError(str(e)) from None
    cls = REGISTRY.get(kind)
    if cls is not None and not cls.serializable:
        raise SpecError(f"{kind} holds Python code and has no dict form; build it in Python (lk.{kind}(fn))")
    if cls is None:
        from ..spec.names import suggest  # local: spec depends on schedules, not the reverse

        raise SpecError(f"unknown schedule {kind!r}{suggest(kind)}")
    names = {f.name for f in dataclasses.fields(cls) if f.init}  # type: ignore[arg-type]
    kwargs = {k: v for k, v in d.items() if k != "type"}
    for k in kwargs:
        if k not in names:
            raise SpecError(f"{kind}: unknown parameter {k!r}; accepted: {', '.join(sorted(names))}")
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}
    try:
        return cls(**kwargs)
    except LRKitError as e:
        raise SpecError(str(e)) from None
    except (TypeError, ValueError, ArithmeticError) as e:  # a value of a kind the family cannot take
        raise SpecError(f"{kind}: {e}") from None
