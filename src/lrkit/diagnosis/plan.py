"""Compare a logged LR with the planned schedule point by point, and say how it departs.

In order: the plan itself (within 2% of the peak), the plan times a constant factor (another base
LR), the plan run faster or slower (a horizon in the wrong unit), the plan restarted at a step (a
resume that lost the scheduler's state), else the first step where it departs. A run whose logs
end before 95% of the plan is also reported as cut short.

>>> import numpy as np, lrkit as lk
>>> steps = np.arange(1, 1001)
>>> lr = lk.parse("cosine").bind(total_steps=100)(steps - 1, base_lr=0.1)     # T_max 10x too small
>>> [h.code for h in compare_plan(steps, lr, "cosine", total_steps=1000, base_lr=0.1)]
['LR035']
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import LRKitError
from ..schedules.validate import check_float, check_int
from ..series_rules import Hit
from ..spec.parser import parse
from .identify import evaluate_spec

__all__ = ["compare_plan", "check_plan"]

MATCH = 0.02     # "follows the plan": within 2% of the peak at every logged step
LOOSE = 0.04     # a scaled / stretched / restarted plan must fit within 4%


def check_plan(spec: str, total_steps: Any, steps_per_epoch: Any = None, base_lr: Any = None) -> None:
    """Validate the --spec / --total-steps / --steps-per-epoch / --base-lr arguments (one clear error)."""
    for name, v in (("total_steps", total_steps), ("steps_per_epoch", steps_per_epoch)):
        check_int("diagnose", name, v, ge=1, optional=True)
    if total_steps is None:
        raise LRKitError("diagnose: --spec needs the run length: pass --total-steps N (optimizer steps)")
    check_float("diagnose", "base_lr", base_lr, gt=0, optional=True, rule="a number > 0", shown=repr(base_lr))
    parse(spec).bind(total_steps=total_steps, **({"steps_per_epoch": steps_per_epoch} if steps_per_epoch else {}))


def _err(a: np.ndarray, b: np.ndarray, peak: float) -> np.ndarray:
    return np.abs(a - b) / peak


def compare_plan(steps: Any, lr: Any, spec: str, total_steps: int, steps_per_epoch: int | None = None,
                 base_lr: float | None = None) -> list[Hit]:
    """Hits (LR034-LR038) for how the logged LR departs from ``spec``; empty when it follows it."""
    steps, lr = np.asarray(steps), np.asarray(lr, dtype=float)
    ok = np.isfinite(lr)
    steps, lr = steps[ok], lr[ok]
    if len(lr) < 3:
        return []
    T, K = int(total_steps), steps_per_epoch

    def planned(x: np.ndarray, b: float = 1.0) -> np.ndarray:
        return evaluate_spec(spec, x, T, b, K)

    # the logged step k carries the LR of schedule step k - 1 (HF, a loop logging after the step) or k
    # (the one under which more logged points follow the plan, even when the run departs from it later)
    def agree(o: int) -> float:
        u = planned(steps - o)
        c = float(base_lr) if base_lr is not None else _robust_scale(lr, u)
        return -float(np.mean(_err(lr, c * u, max(lr.max(), 1e-30)) <= MATCH))

    offset = min((1, 0), key=agree)
    x = steps - offset
    unit = planned(x)
    peak = float(lr.max())
    b = float(base_lr) if base_lr is not None else _robust_scale(lr, unit)
    plan = unit * b
    hits: list[Hit] = []
    vals = dict(spec=spec, total_steps=T, base_lr=b)
    last = int(x[-1]) + 1
    if last < 0.95 * T:
        i = len(lr) - 1
        hits.append(Hit("LR037", int(steps[-1]), dict(vals, last=int(steps[-1]), pct=f"{last / T:.0%}", lr=lr[i],
                                                        lr_pct=f"{lr[i] / peak:.0%}"),
                        {"last_step": int(steps[-1]), "planned_steps": T, "fraction": round(last / T, 4),
                         "lr_at_end": float(lr[i])}))
    if float(np.max(_err(lr, plan, peak))) <= MATCH:
        return hits
    c = _robust_scale(lr, unit)
    if base_lr is not None and float(np.max(_err(lr, c * unit, peak))) <= MATCH and abs(c / b - 1) > MATCH:
        hits.append(Hit("LR034", int(steps[0]), dict(vals, factor=c / b),
                        {"factor": round(c / b, 5), "planned_base_lr": b, "logged_base_lr": c}))
        return hits
    speed, err = min((_best_speed(steps - o, lr, peak, planned) for o in (1, 0)), key=lambda t: t[1])
    if err <= LOOSE and abs(speed - 1) > 0.05:
        seen = int(round(T / speed))
        hits.append(Hit("LR035", int(steps[0]), dict(vals, speed=speed if speed > 1 else 1 / speed,
                                                     faster="faster" if speed > 1 else "slower", seen=seen),
                        {"speed": round(speed, 4), "runs_as_if_total_steps": seen, "max_error": round(err, 4)}))
        return hits
    dev = _err(lr, plan, peak) > MATCH
    first = int(np.argmax(dev))
    restart = _restart(x, lr, first, peak, b, planned)
    if restart is not None:
        s, rerr = restart
        hits.append(Hit("LR036", int(s + offset), dict(vals, step=int(s + offset)),
                        {"restart_step": int(s + offset), "max_error": round(rerr, 4)}))
        return hits
    worst = float(np.max(_err(lr, plan, peak)))
    detail = f"logged {lr[first]:.3g} where the plan has {plan[first]:.3g}; the largest gap is {worst:.0%} of the peak"
    hits.append(Hit("LR038", int(steps[first]), dict(vals, step=int(steps[first]), detail=detail),
                    {"first_step": int(steps[first]), "logged": float(lr[first]), "planned": float(plan[first]),
                     "max_error": round(worst, 4)}))
    return hits


def _scale(lr: np.ndarray, unit: np.ndarray) -> float:
    """The factor ``c`` that makes ``c * unit`` closest to ``lr`` (least squares)."""
    den = float(np.dot(unit, unit))
    return float(np.dot(lr, unit) / den) if den > 0 else float(lr.max())


def _robust_scale(lr: np.ndarray, unit: np.ndarray) -> float:
    """The median of logged / planned where the plan is above 1% of its peak (robust to a later departure)."""
    m = unit > 0.01 * max(float(unit.max()), 1e-30)
    return float(np.median(lr[m] / unit[m])) if m.any() else float(lr.max())


def _best_speed(x: np.ndarray, lr: np.ndarray, peak: float, planned: Any) -> tuple[float, float]:
    """The clock factor ``a`` with logged(x) ~ c * plan(a * x) that fits best, and its error; a whole
    factor (or its inverse: per-epoch vs per-batch, a horizon off by an integer) wins when it fits
    within 1% of the best."""
    nice = np.r_[np.arange(2, 65), 1 / np.arange(2, 65)]
    errs = {}
    for a in np.unique(np.r_[np.geomspace(1 / 64, 64, 241), nice]):
        u = planned(np.floor(a * x).astype(np.int64))
        errs[float(a)] = float(np.max(_err(lr, _scale(lr, u) * u, peak)))
    best = min(errs, key=errs.get)
    whole = min((float(a) for a in nice), key=lambda a: errs[a])
    if errs[whole] <= errs[best] + 0.01:
        best = whole
    return best, errs[best]


def _restart(x: np.ndarray, lr: np.ndarray, first: int, peak: float, b: float, planned: Any) -> tuple[int, float] | None:
    """A step ``s`` with logged ~ plan before it and plan(x - s) after it."""
    lo = int(x[max(first - 1, 0)]) + 1 if first else int(x[0])
    best = None
    for s in range(lo, int(x[min(first, len(x) - 1)]) + 1):
        y = np.where(x < s, planned(x) * b, planned(x - s) * b)
        e = float(np.max(_err(lr, y, peak)))
        if best is None or e < best[1]:
            best = (s, e)
    return best if best is not None and best[1] <= LOOSE and best[0] > 0 else None
