"""Rules on the shape of the logged LR: floor early or reached, constant, restarted, fast cycles, staircase."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .base import Hit, Series, SeriesRule, finite_lr

__all__ = ["LRFloorEarly", "LRConstant", "LRRestart", "LRFastCycles", "LRFloorReached", "LRStaircase"]


@dataclass(frozen=True)
class LRFloorEarly(SeriesRule):
    """LR012: at the ``early`` point of the run (10%) the LR has sat at <= ``floor`` (1%) of its peak
    since an earlier logged step. The Monitor checks it once, when it reaches that point."""

    floor: float = 0.01
    early: float = 0.10
    code = "LR012"

    def check(self, s: Series) -> list[Hit]:
        steps, lr = finite_lr(s)
        if len(lr) < 2 or not s.length:
            return []
        k = math.ceil(self.early * s.length)
        n = int(np.searchsorted(steps, k, side="right"))
        if n < 2:
            return []
        lr, steps = lr[:n], steps[:n]
        peak = np.maximum.accumulate(lr)
        low = (peak > 0) & (lr <= self.floor * peak) & (lr < peak)
        if not low[-1]:
            return []
        since = n - 1
        while since > 0 and low[since - 1]:
            since -= 1
        if since == n - 1:
            return []
        v = dict(lr=float(lr[-1]), pct=f"{lr[-1] / peak[-1]:.2%}", peak=float(peak[-1]), step=int(steps[since]),
                 total_steps=s.length)
        return [Hit(self.code, int(steps[since]), v, {"lr": v["lr"], "peak": v["peak"], "fraction_of_run":
                                                         round(int(steps[since]) / s.length, 4)})]


@dataclass(frozen=True)
class LRConstant(SeriesRule):
    """LR026: the LR never changes over at least ``min_points`` logged steps."""

    min_points: int = 10
    code = "LR026"

    def check(self, s: Series) -> list[Hit]:
        steps, lr = finite_lr(s)
        if len(lr) < self.min_points:
            return []
        lo, hi = float(lr.min()), float(lr.max())
        if hi - lo > 1e-9 * max(abs(hi), 1e-30):
            return []
        return [Hit(self.code, int(steps[0]), dict(lr=hi, n=len(lr), first=int(steps[0]), last=int(steps[-1])),
                    {"lr": hi, "logged_points": int(len(lr)), "first_step": int(steps[0]), "last_step": int(steps[-1])})]


def _rises(lr: np.ndarray, drop: float = 0.5, back: float = 0.9) -> list[int]:
    """Indices where the LR, after falling below ``drop`` x its peak so far, climbs back above ``back`` x it."""
    out, peak, low = [], -np.inf, False
    for i, v in enumerate(lr):
        if v > peak and not low:
            peak = v
        elif v <= drop * peak:
            low = True
        elif low and v >= back * peak:
            out.append(i)
            low = False
    return out


@dataclass(frozen=True)
class LRRestart(SeriesRule):
    """LR027: the schedule starts over once (or a few times, irregularly): after step ``s`` the LR
    repeats its curve from the start of the run, within ``tol`` of the peak. Regular restarts
    (SGDR, cyclic schedules) are not reported; :class:`LRFastCycles` speaks for short cycles."""

    tol: float = 0.05
    code = "LR027"

    def check(self, s: Series) -> list[Hit]:
        steps, lr = finite_lr(s)
        if len(lr) < 8:
            return []
        peak = float(lr.max())
        if peak <= 0:
            return []
        top = np.maximum.accumulate(lr)
        jumps = np.flatnonzero(np.abs(np.diff(lr)) > 0.15 * top[:-1]) + 1
        if len(jumps) == 0:
            return []
        many = len(jumps) > 20       # a cyclic schedule: only jumps back up are checked (no replay search)
        found = []
        for j in jumps:
            if lr[j] > lr[j - 1]:
                if lr[j - 1] < 0.9 * top[j - 1]:   # back up after it had decayed (a warmup never jumps from below)
                    found.append((int(steps[j]), float(lr[j - 1]), float(lr[j]), None))
                continue
            replay = None if many else self._replay(s, steps, lr, j, peak)
            if replay is not None:
                found.append((int(steps[j]), float(lr[j - 1]), float(lr[j]), replay))
        if not found or _regular([f[0] for f in found], steps):
            return []
        step, before, after, replay = found[0]
        how = (f", and from there repeats the schedule from step {step - replay[1]}" if replay is not None
               else f" ({after / _peak_before(lr, steps, step):.2g}x its earlier peak)")
        v = dict(step=step, before=before, after=after, how=how)
        ev = {"lr_before": before, "lr_after": after, "restarts": len(found), "restart_steps": [f[0] for f in found]}
        if replay is not None:
            ev.update(replays_from_step=step - replay[1], max_error_vs_start=round(replay[0], 4))
        return [Hit(self.code, step, v, ev)]

    def _replay(self, s: Series, steps: np.ndarray, lr: np.ndarray, j: int, peak: float) -> tuple | None:
        """(error, shift) when the LR from index ``j`` on repeats the curve from the run's start."""
        best = None
        after = steps[j:]
        for shift in range(int(steps[j - 1]) - int(steps[0]) + 1, int(steps[j]) - int(steps[0]) + 1):
            ref = s.lr_at(after - shift)
            m = np.isfinite(ref)
            if m.sum() < 3:
                continue
            err = float(np.max(np.abs(lr[j:][m] - ref[m]))) / peak
            if best is None or err < best[0]:
                best = (err, shift)
        return best if best is not None and best[0] <= self.tol else None


def _peak_before(lr: np.ndarray, steps: np.ndarray, step: int) -> float:
    """The highest LR logged before ``step``."""
    before = lr[steps < step]
    return float(before.max()) if len(before) else float("nan")


def _regular(points: Sequence[int], steps: np.ndarray) -> bool:
    """True when restarts fall at a regular period (a planned cyclic schedule, not a lost state)."""
    if len(points) < 2:
        return False
    marks = [int(steps[0])] + list(points)
    gaps = np.diff(marks)
    return bool(gaps.min() > 0 and gaps.max() <= 1.1 * gaps.min())


@dataclass(frozen=True)
class LRFastCycles(SeriesRule):
    """LR028: the LR swings from its peak down to <= ``floor`` of it and back up at least ``cycles``
    times, each cycle shorter than ``short`` of the run (a cosine sized in epochs, stepped per batch)."""

    floor: float = 0.05
    cycles: int = 3
    short: float = 0.2
    code = "LR028"

    def check(self, s: Series) -> list[Hit]:
        steps, lr = finite_lr(s)
        if len(lr) < 8:
            return []
        rises = _rises(lr, drop=self.floor, back=0.9)
        if len(rises) < self.cycles:
            return []
        period = float(np.median(np.diff(steps[[0] + rises])))
        if period > self.short * max(s.length, 1):
            return []
        floor_step = int(steps[np.argmin(lr[:rises[0]])])
        v = dict(period=f"{period:g}", cycles=len(rises) + 1, n=s.length, first=floor_step)
        return [Hit(self.code, floor_step, v, {"period_steps": period, "cycles": len(rises) + 1,
                                               "peak": float(lr.max()), "min": float(lr.min()),
                                               "first_floor_step": floor_step})]


@dataclass(frozen=True)
class LRFloorReached(SeriesRule):
    """LR029: the LR reaches its final floor (<= ``floor`` of its peak) between ``early`` and ``late``
    of the run and stays there (before ``early``, LR012 speaks)."""

    floor: float = 0.05
    early: float = 0.10
    late: float = 0.5
    code = "LR029"

    def check(self, s: Series) -> list[Hit]:
        steps, lr = finite_lr(s)
        if len(lr) < 8 or not s.length:
            return []
        peak, lo = float(lr.max()), float(lr.min())
        if peak <= 0 or lo > self.floor * peak:
            return []
        at_floor = lr <= lo * 1.05 + 1e-12 * peak
        if not at_floor[-1]:
            return []
        i = len(lr) - 1
        nz = np.flatnonzero(~at_floor)
        i = int(nz[-1]) + 1 if len(nz) else 0
        frac = steps[i] / s.length
        if not (self.early <= frac < self.late):
            return []
        v = dict(lr=lo, pct=f"{lo / peak:.2%}", peak=peak, step=int(steps[i]), at=f"{frac:.0%}",
                 rest=int(s.length - steps[i]))
        return [Hit(self.code, int(steps[i]), v, {"floor": lo, "peak": peak, "fraction_of_run": round(frac, 4),
                                                  "steps_at_floor": v["rest"]})]


@dataclass(frozen=True)
class LRStaircase(SeriesRule):
    """LR030: the LR changes only every ``every`` logged steps (>= 2), at least ``min_changes`` times,
    by small amounts (a smooth schedule stepped once per epoch)."""

    min_changes: int = 5
    small: float = 0.35
    code = "LR030"

    def check(self, s: Series) -> list[Hit]:
        steps, lr = finite_lr(s)
        if len(lr) < 3 * self.min_changes:
            return []
        ch = np.flatnonzero(np.abs(np.diff(lr)) > 1e-12 * max(float(np.abs(lr).max()), 1e-30)) + 1
        if len(ch) < self.min_changes:
            return []
        gaps = np.diff(ch)
        if len(gaps) == 0 or gaps.min() < 2 or np.median(gaps) < 2:
            return []
        rel = np.abs(np.diff(lr)[ch - 1]) / np.maximum(np.maximum(lr[ch - 1], lr[ch]), 1e-30)
        if np.median(rel) > self.small:
            return []
        every = int(np.median(np.diff(steps[ch])))
        v = dict(every=every, changes=len(ch), step=int(steps[ch[0]]))
        return [Hit(self.code, int(steps[ch[0]]), v, {"steps_between_changes": every, "changes": int(len(ch)),
                                                      "median_relative_change": round(float(np.median(rel)), 4)})]
