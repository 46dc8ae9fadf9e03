"""``replan="continue"``: resume under a new plan with no jump in the LR.

A run saved at position ``p`` under an old plan is resumed under a new one
(another ``total_steps``, or another spec of the same shape). The LR at ``p``
stays what the old plan gave, and the rest of the run is refit to the new plan
by a *time warp* of one phase:

- A schedule's **phases** are the stretches between its breakpoints: the starts
  of the parts of a ``>>`` sequence, a ``warmup=`` end and a ``wsd`` decay start,
  ``multistep`` milestones, ``piecewise`` boundaries, ``step`` boundaries, and
  the end of a family's own duration when it is shorter than what it is given.
  Within a phase the LR is monotone (or constant).
- The resume point is in phase ``k`` of the old plan (by the old plan's own
  breakpoints: a finished warmup is never re-entered). Phase ``k`` of the new plan
  is ``[s, e]``. In it, ``q`` is the step where the new plan has the LR the old
  one had at ``p`` (``q = p`` when the new plan already has that LR at ``p``).
- The resumed run follows the new plan at ``tau(t)``: ``tau`` maps ``[p, e]``
  linearly onto ``[q, e]``, and ``tau(t) = t`` from ``e`` on. So the rest of the
  phase is stretched or squeezed from the current LR to where the phase ends, and
  every later phase keeps the new plan's own steps.

What this gives, family by family: a ``cosine`` (or ``linear``, ``poly``, …)
continues from the current LR down to its floor at the new end; ``wsd``'s
stable phase is extended (the new plan has the same LR there: ``q = p``) and
its decay is where the new plan puts it, a decay in progress is stretched to the
new end; ``multistep`` milestones given in ``%`` move with the run, given in
steps they stay (the level reached is kept until the new plan's next milestone);
an unfinished warmup finishes at the new plan's warmup end.

Undefined, and refused with an error saying so: ``plateau`` (its cuts come from a
metric), ``lambda_`` (no text form to rebuild the old plan), the cycling families
(``cyclic``, ``onecycle``, ``restarts``, a ``cosine``/``wsd`` with
``num_cycles != 0.5``: the current LR occurs at several points of a phase),
``per="epoch"`` plans, a run whose new plan has no length, a new phase that
ends at or before the resume point, and an LR the new phase never takes.

The warp is three numbers ``(p, q, e)``, saved in the scheduler's state, so a
resumed run's own later resumes are exact.

>>> import lrkit as lk
>>> old = lk.parse("warmup(10) >> cosine").bind(total_steps=100)
>>> new = lk.parse("warmup(10) >> cosine").bind(total_steps=200)
>>> p, q, e = refit(Plan(new), Plan(old), 55, 1.0)
>>> (p, e), round(q, 6), round(new(q), 12) == round(old(55), 12)
((55, 200.0), 105.0, True)
"""

from __future__ import annotations

import bisect
import math
from typing import Any, Sequence as Seq

import numpy as np

from ..errors import LRKitError
from ..schedules import Curve, Schedule
from ..schedules.combinators import Product, Sequence
from ..schedules.decay import resolve_increasing
from ..schedules.units import Context

__all__ = ["POLICIES", "policy", "Plan", "refit", "warp_steps"]

#: the values of ``replan`` (``True`` is ``"jump"``; ``False``/``None``: no replanning).
POLICIES = ("jump", "continue")
_CYCLING = {"plateau": "its cuts come from a metric, not from the plan",
            "lambda_": "it holds Python code, so the saved plan cannot be rebuilt",
            "cyclic": "it cycles: the current LR occurs at several points of a phase",
            "onecycle": "it cycles momentum and LR: the current LR occurs twice",
            "restarts": "it restarts: the current LR occurs once per period"}
_MAX_BREAKS = 100_000
_REL = 1e-12  # two LRs this close (relative) are the same LR


def policy(replan: Any, where: str) -> str | None:
    """``replan`` checked: ``None`` (no replanning), ``"jump"`` or ``"continue"``.

    >>> policy(True, "x"), policy("continue", "x"), policy(False, "x")
    ('jump', 'continue', None)
    """
    if replan is None or replan is False:
        return None
    if replan is True:
        return "jump"
    if isinstance(replan, str) and replan in POLICIES:
        return replan
    raise LRKitError(f"{where}: replan must be False, 'jump' (or True) or 'continue', got {replan!r}")


def _undefined(s: Schedule, why: str) -> LRKitError:
    return LRKitError(f"replan='continue' is not defined for {s.name}: {why}; use replan='jump' (the new plan's "
                      "LR at the saved position) or resume with the saved plan")


def _breaks(s: Schedule, ctx: Context, span: int | None) -> list[float]:
    """The phase boundaries of ``s`` in its local steps (``0 < b``), sorted."""
    if isinstance(s, Sequence):
        lengths = [p.length.resolve(ctx, f"{p.name}: {p.length_field}") for p in s.parts[:-1]]  # type: ignore
        starts = np.cumsum([0] + lengths).tolist()
        rest = None if span is None else span - int(starts[-1])
        out = [float(x) for x in starts[1:]]
        for part, start, n in zip(s.parts, starts, lengths + [rest]):
            out += [start + b for b in _breaks(part, ctx, n)]
        return sorted(set(out))
    if isinstance(s, Product):
        return sorted({b for p in s.parts for b in _breaks(p, ctx, span)})
    if s.name in _CYCLING:
        raise _undefined(s, _CYCLING[s.name])
    if s.name in ("cosine", "wsd") and s.num_cycles != 0.5:  # type: ignore[attr-defined]
        raise _undefined(s, f"num_cycles={s.num_cycles:g} goes down and up again")  # type: ignore[attr-defined]
    n = s._span(ctx, span, needed=False)
    own: list[float] = []
    if s.name == "wsd":
        w = s.warmup.resolve(ctx, "wsd: warmup") if s.warmup is not None else 0  # type: ignore[attr-defined]
        own = [float(w), float(n - s.decay.resolve(ctx, "wsd: decay"))]  # type: ignore[attr-defined,operator]
    elif s.name == "inverse_sqrt" and s.warmup is not None:  # type: ignore[attr-defined]
        own = [float(s.warmup.resolve(ctx, "inverse_sqrt: warmup"))]  # type: ignore[attr-defined]
    elif s.name in ("multistep", "piecewise"):
        own = resolve_increasing(s, "milestones" if s.name == "multistep" else "boundaries", ctx)
    elif s.name == "step":
        size = s.step_size.resolve(ctx, "step: step_size")  # type: ignore[attr-defined]
        if n is None or n / size > _MAX_BREAKS:
            raise _undefined(s, f"more than {_MAX_BREAKS} step boundaries in the run")
        own = [float(size * k) for k in range(1, math.ceil(n / size))]
    out = {b for b in own if b > 0 and (n is None or b < n)}
    if s.length is not None and span is not None and n < span:  # holds its final value after its own end
        out.add(float(n))
    return sorted(out)


class Plan:
    """A bound plan and its phases: ``Plan(curve, warp=None)``; with a warp, the plan a replanned run followed."""

    def __init__(self, curve: Curve, warp: Seq[float] | None = None):
        if curve.per != "step":
            raise LRKitError("replan='continue' refits per-step plans; this one steps per='epoch': use "
                             "replan='jump'")
        if curve.total_steps is None:
            raise LRKitError("replan='continue' needs the run length of both plans: pass total_steps=…")
        self.curve, self.warp = curve, (None if warp is None else tuple(float(x) for x in warp))
        self.total = float(curve.total_steps)
        inner = _breaks(curve.schedule, curve.context, curve.total_steps)
        self.bounds = [0.0] + [b for b in inner if b < self.total] + [self.total]

    def phase(self, t: float) -> int:
        """The index of the phase holding step ``t`` (the last phase past the end)."""
        t = float(warp_steps(np.asarray([t], dtype=np.float64), self.warp)[0])
        return min(bisect.bisect_right(self.bounds, t) - 1, len(self.bounds) - 2)

    def lr(self, t: float, base: float) -> float:
        """The LR the plan (with its warp) gives at step ``t`` (held from the end on)."""
        x = warp_steps(np.asarray([min(float(t), self.total)], dtype=np.float64), self.warp)
        return float(self.curve(x, base)[0])


def warp_steps(steps: np.ndarray, warp: Seq[float] | None) -> np.ndarray:
    """``tau(steps)`` for a warp ``(p, q, e)``: ``[p, e]`` onto ``[q, e]`` linearly, the identity elsewhere.

    >>> warp_steps(np.array([0.0, 10.0, 15.0, 20.0, 30.0]), (10, 16, 20)).tolist()
    [0.0, 16.0, 18.0, 20.0, 30.0]
    """
    if warp is None:
        return steps
    p, q, e = warp
    t = np.asarray(steps, dtype=np.float64)
    inside = (t >= p) & (t < e)
    return np.where(inside, q + (t - p) * ((e - q) / (e - p)), t)


def refit(new: Plan, old: Plan, p: int, base: float) -> tuple[int, float, float] | None:
    """The warp ``(p, q, e)`` continuing ``old`` at position ``p`` under ``new`` (``None``: no warp needed).

    ``base`` is the base LR the levels are matched at (the first param group's).
    """
    if p >= new.total:
        raise LRKitError(f"replan='continue': the new run (total_steps={new.curve.total_steps}) ends at or before "
                         f"the resume point ({p}); lengthen it, or use replan='jump' to hold its final LR")
    target = old.lr(p, base)
    k = old.phase(p)
    if k >= len(new.bounds) - 1:
        raise LRKitError(f"replan='continue': the saved run is in phase {k + 1} of its plan, but the new plan has "
                         f"{len(new.bounds) - 1} phase(s); give the new plan the same shape, or use replan='jump'")
    s, e = new.bounds[k], new.bounds[k + 1]
    if e <= p:
        raise LRKitError(f"replan='continue': the saved run is in phase {k + 1} of its plan (steps "
                         f"{_fmt(old.bounds[k])}-{_fmt(old.bounds[k + 1])}), which the new plan ends at step "
                         f"{_fmt(e)}, at or before the resume point ({p}); use replan='jump'")
    tol = _REL * max(abs(target), 1e-300)
    here = new.lr(p, base)
    if s <= p and abs(here - target) <= tol:
        return None  # the new plan already has this LR here: follow it (a stable phase is extended)
    q = _level(new, s, e, target, base, tol, k)
    return (int(p), q, e)


def _level(new: Plan, s: float, e: float, target: float, base: float, tol: float, k: int) -> float:
    """The step in ``[s, e)`` where the new plan's LR is ``target`` (a phase is monotone: bisection)."""
    end = e - (e - s) * 1e-12  # just before the next phase (a milestone's cut is at e itself)
    v0, v1 = new.lr(s, base), new.lr(end, base)
    if abs(v0 - target) <= tol:
        return s
    if abs(v1 - target) <= tol:
        return e
    if not min(v0, v1) <= target <= max(v0, v1):
        raise LRKitError(f"replan='continue': the LR at the resume point ({target:.6g}) is outside what the new "
                         f"plan's phase {k + 1} (steps {_fmt(s)}-{_fmt(e)}) takes ({min(v0, v1):.6g} to "
                         f"{max(v0, v1):.6g}), so no point of it continues the run; use replan='jump'")
    lo, hi, rising = s, end, v1 > v0
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if mid in (lo, hi):
            break
        if (new.lr(mid, base) < target) == rising:
            lo = mid
        else:
            hi = mid
    return hi if abs(new.lr(hi, base) - target) <= abs(new.lr(lo, base) - target) else lo


def _fmt(x: float) -> str:
    return f"{x:g}"
