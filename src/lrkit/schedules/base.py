"""The family base class :class:`Schedule`: what every family and combinator shares.

A schedule is an immutable description of a learning-rate curve. ``bind()``
resolves its durations against a run (``total_steps``, ``steps_per_epoch``)
and returns a :class:`~lrkit.schedules.curve.Curve`, a pure function
``lr(step, base_lr)`` computed in closed form.

Every family is a frozen dataclass registered under its spec name. It
implements ``_bind(ctx, span)``, returning ``f(xp, t, base, ex)`` where ``xp``
is the array namespace (``numpy``, ``jax.numpy`` or ``keras.ops``), ``t`` the
float step *local to the family* (``0`` where it starts), ``base`` the base LR
(broadcast against ``t``), and ``ex`` the evaluation extras (the plateau
controller's reductions). ``span`` is the number of steps the family was given
(its own duration, the rest of a ``>>`` sequence, or the whole run), or ``None``
when the run length is unknown. The formula is written once with ``xp``
functions and Python operators, so the same code runs on numpy arrays, inside
``jax.jit`` and in any Keras backend (see ``Curve.evaluate``); :func:`full`,
:func:`const_pow` and :func:`cos_drop` are the helpers families share for that.

The combinators live in :mod:`~lrkit.schedules.combinators`, the bound curve in
:mod:`~lrkit.schedules.curve`, the registry in :mod:`~lrkit.schedules.registry`;
the text and dict forms belong to :mod:`lrkit.spec`.

>>> import numpy as np, lrkit as lk
>>> curve = (lk.warmup(10) >> lk.cosine()).bind(total_steps=110)
>>> [round(curve(s, base_lr=0.1), 6) for s in (0, 5, 10, 60, 110)]
[0.0, 0.05, 0.1, 0.05, 0.0]
>>> curve(np.array([5, 60]), base_lr=np.array([0.1, 1.0])).round(6).tolist()
[[0.05, 0.5], [0.05, 0.5]]
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, Callable, ClassVar, Iterable, Mapping

import numpy as np

from ..errors import LRKitError
from .curve import Curve
from .registry import REGISTRY, combinator, form
from .units import Context, Duration
from .validate import check_float, check_int, fmt_number, invalid

__all__ = ["Schedule", "EvalFn", "MomentumFn", "full", "const_pow", "cos_drop"]

EvalFn = Callable[[Any, Any, Any, Mapping[str, Any]], Any]
MomentumFn = Callable[[np.ndarray], np.ndarray]


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
        return invalid(self.name, field, rule, value, shown=_shown(value))

    def _float(self, field: str, *, gt: float | None = None, ge: float | None = None,
               lt: float | None = None, le: float | None = None, optional: bool = False) -> None:
        """Check ``field`` is a finite real number within the bounds; store it as float."""
        v = getattr(self, field)
        v = check_float(self.name, field, v, gt=gt, ge=ge, lt=lt, le=le, optional=optional, shown=_shown(v))
        if v is not None:
            self._set(field, v)

    def _int(self, field: str, *, ge: int = 0, optional: bool = False) -> None:
        v = check_int(self.name, field, getattr(self, field), ge=ge, integral_floats=True, optional=optional)
        if v is not None:
            self._set(field, v)

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
        rule = "a list of finite numbers" + (f" >= {fmt_number(ge)}" if ge is not None else "")
        out = []
        for x in v:
            try:
                out.append(check_float(self.name, field, x, ge=ge))
            except LRKitError:
                raise self._err(field, rule, list(v)) from None
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
    def bind(self, total_steps: int | str | None = None, steps_per_epoch: int | None = None,
             per: str = "step", *, tokens_per_step: float | None = None,
             samples_per_step: float | None = None) -> "Curve":
        """Resolve every duration and return the :class:`Curve` ``lr(step, base_lr)``.

        - ``total_steps``: optimizer steps in the whole run, or the run as a duration
          in epochs, tokens or samples (``"300Btok"``), converted to steps below.
        - ``steps_per_epoch``: converts ``"5ep"``; ``tokens_per_step`` /
          ``samples_per_step`` (tokens or samples in one optimizer step, over every
          process and accumulated micro-batch) convert ``"375Mtok"`` / ``"50ksp"``.
          A duration that is not a whole number of steps rounds up.
        - ``per="epoch"`` evaluates the curve at the start of each step's epoch
          (the staircase a once-per-epoch torch loop produces).

        >>> import lrkit as lk
        >>> c = lk.cosine().bind(total_steps=100, steps_per_epoch=10, per="epoch")
        >>> c(0, 1.0) == c(9, 1.0) > c(10, 1.0)
        True
        >>> lk.parse("warmup(2Mtok) >> cosine").bind(total_steps="100Mtok", tokens_per_step=2**20).total_steps
        96
        """
        return Curve(self, Context(total_steps, steps_per_epoch, tokens_per_step, samples_per_step), per)

    # ---- combinators ---------------------------------------------------------------
    def __rshift__(self, other: "Schedule") -> "Schedule":
        if not isinstance(other, Schedule):
            return NotImplemented
        return combinator("seq")((self, other))  # Sequence flattens nested parts itself

    def __mul__(self, other: "Schedule | float") -> "Schedule":
        if isinstance(other, (int, float)) and not isinstance(other, bool):
            other = _constant(other)
        if not isinstance(other, Schedule):
            return NotImplemented
        return combinator("product")((self, other))  # Product flattens nested parts itself

    def __rmul__(self, other: float) -> "Schedule":
        if isinstance(other, (int, float)) and not isinstance(other, bool):
            return combinator("product")((_constant(other), self))
        return NotImplemented

    def clip(self, min_lr: float | None = None, max_lr: float | None = None) -> "Schedule":
        """This schedule with its LR kept within ``[min_lr, max_lr]`` (absolute LRs).

        >>> import lrkit as lk
        >>> str(lk.cosine().clip(min_lr=1e-5))
        'cosine * clip(min_lr=1e-05)'
        """
        return self * REGISTRY["clip"](min_lr=min_lr, max_lr=max_lr)

    # ---- text and dict forms -------------------------------------------------------
    def _fields(self) -> list[dataclasses.Field]:
        return [f for f in dataclasses.fields(self) if f.init]  # type: ignore[arg-type]

    def __str__(self) -> str:
        """The canonical spec text (written by :mod:`lrkit.spec`); ``lk.parse(str(s)) == s``."""
        return form("text", self)

    def __repr__(self) -> str:
        return f"Schedule({str(self)!r})"

    def to_dict(self) -> dict[str, Any]:
        """The JSON/YAML/TOML form (written by :mod:`lrkit.spec`): ``{"type": name, **non-default arguments}``.

        >>> import lrkit as lk
        >>> lk.cosine(min_lr=1e-5).to_dict()
        {'type': 'cosine', 'min_lr': 1e-05}
        """
        return form("dict", self)

    def walk(self) -> Iterable["Schedule"]:
        """This node and every node inside it, depth first."""
        yield self

    def units(self) -> set[str]:
        """The units of every duration in the schedule (``"steps"``, ``"epochs"``, ``"fraction"``, ``"tokens"``, ``"samples"``).

        What an adapter checks to know whether it needs ``tokens_per_step`` or ``samples_per_step``.

        >>> import lrkit as lk
        >>> sorted(lk.parse("warmup(375Mtok) >> step(1ep) * clip(min_lr=1e-6)").units())
        ['epochs', 'tokens']
        """
        out = set()
        for node in self.walk():
            for f in node._fields():
                v = getattr(node, f.name)
                for d in (v if isinstance(v, tuple) else (v,)):
                    if isinstance(d, Duration):
                        out.add(d.unit)
        return out


def full(xp: Any, t: Any, value: Any) -> Any:
    """``value`` broadcast to the shape of ``t`` (against ``value``'s own): a view in numpy.

    >>> full(np, np.arange(3.0), 0.5).tolist()
    [0.5, 0.5, 0.5]
    """
    if xp is np:
        return np.broadcast_to(value, np.broadcast_shapes(np.shape(t), np.shape(value)))
    return value + xp.zeros_like(t)


def const_pow(xp: Any, c: float, e: Any) -> Any:
    """``c ** e`` for a constant ``c > 0`` and a possibly large exponent (a step count).

    In float32 ``c`` itself would be rounded (``0.99999999`` becomes ``1.0``), so the
    frameworks compute ``exp(e * log(c))`` with ``log(c)`` taken in float64 by Python;
    numpy, in float64, keeps ``c ** e`` as torch does.

    >>> float(const_pow(np, 0.5, 3.0))
    0.125
    """
    return c ** e if xp is np else xp.exp(e * math.log(c))


def cos_drop(xp: Any, left: Any, span: Any) -> Any:
    """``(1 + cos(pi * (span - left) / span)) / 2``, 1 -> 0 as ``left`` goes ``span`` -> 0, for float32 namespaces.

    Written as ``sin(pi / 2 * left / span) ** 2``: the same value with no ``1 + cos``
    cancellation next to 0, where float32 would lose most digits of a small LR
    (families pass ``left`` as a difference of whole step counts, which is exact).
    numpy, in float64, keeps each family's peer's operation order instead.

    >>> [round(float(cos_drop(np, left, 4.0)), 6) for left in (4.0, 2.0, 0.0)]
    [1.0, 0.5, 0.0]
    """
    h = xp.sin(math.pi / 2.0 * (left / span))
    return h * h


def _shown(value: Any) -> str | None:
    """How a value reads in an error: a duration as the user writes it (``5ep``), else ``repr``."""
    return str(value) if isinstance(value, Duration) else None


def _constant(factor: float) -> Schedule:
    return REGISTRY["constant"](factor=factor)
