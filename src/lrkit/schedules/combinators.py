"""The combinators: ``a >> b`` (:class:`Sequence`) and ``a * b`` (:class:`Product`).

Both flatten nested parts of their own kind, so ``(a >> b) >> c`` is
``a >> b >> c``: one canonical value whatever the grouping.

>>> import lrkit as lk
>>> s = (lk.warmup(5) >> lk.cosine(10)) >> lk.constant()
>>> len(s.parts), str(s)
(3, 'warmup(5) >> cosine(10) >> constant')
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Any, ClassVar, Iterable, Mapping

import numpy as np

from ..errors import LRKitError
from .base import EvalFn, MomentumFn, Schedule
from .registry import register_combinator
from .units import Context, Duration

__all__ = ["Sequence", "Product"]


def _flat_parts(node: Schedule) -> tuple[Schedule, ...]:
    """``node.parts`` checked (two or more schedules) with nested parts of the same kind spliced in,
    so that ``(a >> b) >> c`` is ``a >> b >> c``: one canonical form whatever the grouping."""
    parts = tuple(node.parts)  # type: ignore[attr-defined]
    if len(parts) < 2 or not all(isinstance(p, Schedule) for p in parts):
        raise LRKitError(f"{node.name}: parts must be two or more schedules, got {parts!r}")
    return tuple(q for p in parts for q in (p.parts if type(p) is type(node) else (p,)))  # type: ignore


@register_combinator
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
        parts = _flat_parts(self)
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

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            rows = _row_layout(t, base) if xp is np else None
            if rows is None:  # jax.numpy / keras.ops, or an unusual shape: every part everywhere, then pick
                if xp is np and t.ndim == 0:  # one step: evaluate only the part that covers it
                    i = bisect.bisect_right(starts_f, float(t)) - 1
                    return fns[i](np, np.maximum(t - starts_f[i], 0.0), base, ex)
                out = fns[-1](xp, xp.maximum(t - starts_f[-1], 0.0), base, ex)
                for fn, lo, hi in zip(fns[-2::-1], starts_f[-2::-1], starts_f[:0:-1]):
                    out = xp.where(t < hi, fn(xp, xp.maximum(t - lo, 0.0), base, ex), out)
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
                out[m] = fn(np, t[m] - lo, base[m] if per_row else base, ex)
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

    def walk(self) -> Iterable[Schedule]:
        yield self
        for p in self.parts:
            yield from p.walk()


@register_combinator
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
        self._set("parts", _flat_parts(self))  # (a * b) * c is a * b * c

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        fns = [p._bind(ctx, span) for p in self.parts]

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            lr = base
            for fn in fns:
                lr = fn(xp, t, lr, ex)
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

    def walk(self) -> Iterable[Schedule]:
        yield self
        for p in self.parts:
            yield from p.walk()


def _row_layout(t: np.ndarray, base: Any) -> tuple[np.ndarray, bool] | None:
    """For numpy steps laid along axis 0 (``(S,)``, or ``(S, 1)`` against per-group bases), the
    step of each row and whether ``base`` varies per row too; ``None`` for other shapes."""
    if t.ndim == 0:
        return None
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
