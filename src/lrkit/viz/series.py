"""What the plots draw: schedules evaluated over a run, and the LR at key points.

Both the terminal plot and the matplotlib figures start here, so they show the
same numbers as the key-point table. A schedule is given as a
:class:`lrkit.Schedule`, its spec text, or its dict form.

>>> import lrkit as lk
>>> from lrkit.viz.series import key_points
>>> s = lk.warmup(10) >> lk.cosine()
>>> [(p.label, p.step, round(p.lr, 6)) for p in key_points(s, total_steps=110)]
[('start', 0, 0.0), ('warmup end', 10, 1.0), ('middle', 55, 0.578217), ('last step', 109, 0.000247), ('end', 110, 0.0)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence as Seq

import numpy as np

from ..errors import LRKitError
from ..schedules.validate import check_float, check_int
from ..schedules import Curve, Product, Schedule, Sequence
from ..schedules.units import Duration
from ..spec import as_schedule

__all__ = ["as_schedule", "as_schedules", "KeyPoint", "key_points", "evaluate", "MAX_POINTS"]

#: Above this many steps the plots evaluate an evenly spaced sample of steps
#: (always including the key points) instead of every step.
MAX_POINTS = 2_000_000


def as_schedules(specs: Any) -> list[Schedule]:
    """One schedule or several (a list/tuple) as a list of schedules."""
    if isinstance(specs, (Schedule, str, Mapping)):
        specs = [specs]
    out = [as_schedule(s) for s in specs]
    if not out:
        raise LRKitError("no schedule to plot: give at least one")
    return out


@dataclass(frozen=True)
class KeyPoint:
    """The LR of one schedule at one notable step."""

    label: str
    step: int
    lr: float


_MAX_INNER = 8  # at most this many milestones/boundaries of one family in the table
_MAX_RESTARTS = 4


def _inner_marks(part: Schedule, ctx: Any, span: int | None) -> list[tuple[str, int]]:
    """Notable local steps inside one family: its warmup end, milestones, decay start, peak."""
    out: list[tuple[str, int]] = []
    own_warmup = getattr(part, "warmup", None)
    if isinstance(own_warmup, Duration):  # wsd(warmup=…), inverse_sqrt(warmup)
        out.append(("warmup end", own_warmup.resolve(ctx, f"{part.name}: warmup")))
    name = part.name
    if name in ("multistep", "piecewise"):
        field = "milestones" if name == "multistep" else "boundaries"
        marks = sorted(d.resolve(ctx, f"{name}: {field}") for d in getattr(part, field))
        label = "milestone" if name == "multistep" else "boundary"
        if len(marks) <= _MAX_INNER:
            out += [(f"{label} {i + 1}", m) for i, m in enumerate(marks)]
    n = part.length.resolve(ctx, f"{name}: {part.length_field}") if part.length is not None else span
    if n is None:
        return out
    if name == "wsd":
        out.append(("decay start", n - part.decay.resolve(ctx, "wsd: decay")))
    elif name == "onecycle":
        out.append(("peak", max(0, int(round(part.pct_start * n - 1)))))
    elif name == "restarts" and part.period is not None:
        period = float(part.period.resolve(ctx, "restarts: period"))
        limit = part.limit
        restarts: list[tuple[str, int]] = []
        start, k = period, 1
        while start < n and (limit is None or k < limit) and k <= _MAX_RESTARTS + 1:
            restarts.append((f"restart {k}", int(round(start))))
            period *= part.period_mult
            start += period
            k += 1
        if len(restarts) <= _MAX_RESTARTS:  # a few are worth a row each; many would drown the table
            out += restarts
    return out


def _boundaries(schedule: Schedule, curve: Curve) -> list[tuple[str, int]]:
    """Labelled steps where a ``>>`` sequence changes part, and notable steps inside each part."""
    seq = schedule
    if isinstance(seq, Product):  # (warmup >> cosine) * clip(...): the sequence inside
        seqs = [p for p in seq.parts if isinstance(p, Sequence)]
        seq = seqs[0] if len(seqs) == 1 else seq
    parts = list(seq.parts) if isinstance(seq, Sequence) else [seq]
    out: list[tuple[str, int]] = []
    start = 0
    total = curve.total_steps
    for i, part in enumerate(parts):
        length = part.length
        n = length.resolve(curve.context, f"{part.name}: {part.length_field}") if length is not None else None
        span = n if n is not None else (total - start if total is not None else None)
        boundary: list[tuple[str, int]] = []
        if n is not None:
            end = start + n
            if i == 0 and part.name == "warmup":
                boundary.append(("warmup end", end))
            elif i + 1 < len(parts):
                boundary.append((f"{parts[i + 1].name} start", end))
            elif len(parts) > 1 or total is None or end < total:
                boundary.append((f"{part.name} end", end))
        out += boundary + [(label, start + t) for label, t in _inner_marks(part, curve.context, span)]
        if n is None:
            break
        start += n
    return out


def key_points(schedule: Schedule | str | Mapping[str, Any], total_steps: int, *,
               steps_per_epoch: int | None = None, per: str = "step", base_lr: float = 1.0,
               tokens_per_step: float | None = None, samples_per_step: float | None = None) -> list[KeyPoint]:
    """The LR at notable steps of a run, in step order.

    The start; the end of a leading warmup (or of a family's own ``warmup=``); each
    ``>>`` boundary; inside a family its milestones (``multistep``), boundaries
    (``piecewise``), decay start (``wsd``), peak (``onecycle``) and up to four restarts
    (``restarts``); the middle; the last optimizer step (``total_steps - 1``) and the
    end (``total_steps``). A step with two reasons keeps the first label.

    >>> import lrkit as lk
    >>> pts = key_points(lk.cosine(min_lr=0.01), total_steps=100, base_lr=0.1)
    >>> [(p.label, p.step, round(p.lr, 6)) for p in pts]
    [('start', 0, 0.1), ('middle', 50, 0.055), ('last step', 99, 0.010022), ('end', 100, 0.01)]
    """
    schedule = as_schedule(schedule)
    curve = schedule.bind(total_steps=total_steps, steps_per_epoch=steps_per_epoch, per=per,
                          tokens_per_step=tokens_per_step, samples_per_step=samples_per_step)
    marks = [("start", 0)] + [(lab, s) for lab, s in _boundaries(schedule, curve) if 0 < s < total_steps]
    marks += [("middle", total_steps // 2), ("last step", total_steps - 1), ("end", total_steps)]
    seen: dict[int, str] = {}
    for label, s in marks:
        if s not in seen:  # the first (most specific) label wins
            seen[s] = label
    steps = sorted(seen)
    lrs = curve(np.asarray(steps, dtype=np.float64), base_lr)
    return [KeyPoint(seen[s], s, float(v)) for s, v in zip(steps, np.atleast_1d(lrs))]


def evaluate(schedule: Schedule | str | Mapping[str, Any], total_steps: int, *,
             steps_per_epoch: int | None = None, per: str = "step", base_lr: float = 1.0,
             max_points: int = MAX_POINTS, tokens_per_step: float | None = None, samples_per_step: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(steps, lr)`` over the whole run, steps ``0 … total_steps`` inclusive.

    Every step is evaluated up to ``max_points``; beyond it an evenly spaced sample.

    >>> import lrkit as lk
    >>> steps, lr = evaluate(lk.cosine(), total_steps=4, base_lr=2.0)
    >>> steps.tolist(), lr.round(6).tolist()
    ([0, 1, 2, 3, 4], [2.0, 1.707107, 1.0, 0.292893, 0.0])
    """
    _check_run(total_steps, base_lr)
    schedule = as_schedule(schedule)
    curve = schedule.bind(total_steps=total_steps, steps_per_epoch=steps_per_epoch, per=per,
                          tokens_per_step=tokens_per_step, samples_per_step=samples_per_step)
    if total_steps + 1 <= max_points:
        steps = np.arange(total_steps + 1, dtype=np.int64)
    else:
        steps = np.unique(np.linspace(0, total_steps, max_points).round().astype(np.int64))
    return steps, np.asarray(curve(steps.astype(np.float64), base_lr), dtype=np.float64)


def _check_run(total_steps: Any, base_lr: Any) -> None:
    check_int("plot", "total_steps", total_steps, ge=1)
    check_float("plot", "base_lr", base_lr, gt=0, rule="a finite number > 0", shown=repr(base_lr))


def labels_for(schedules: Seq[Schedule], labels: Iterable[str] | None) -> list[str]:
    """The legend labels: the given ones, else each schedule's spec text."""
    if labels is None:
        return [str(s) for s in schedules]
    labels = [str(x) for x in labels]
    if len(labels) != len(schedules):
        raise LRKitError(f"plot: labels must give one label per schedule ({len(schedules)}), got {len(labels)}")
    return labels
