"""Rules that read a run's series — the LR and the losses by optimizer step — one object per rule.

The same objects run live in :class:`lrkit.torch.Monitor` (on the steps seen so far) and after the
fact in ``lrkit diagnose`` (on a finished run's logs). Each rule has a code of
:mod:`lrkit.diagnostics` and a ``check(series)`` that returns :class:`Hit` objects: the step where
the rule fires, the values its message template needs, and the numbers that show it.

Core layer: numpy only, no framework import.

>>> import numpy as np
>>> from lrkit.series_rules import Series, NonFiniteLoss, LRConstant
>>> s = Series(steps=np.arange(1, 41), lr=np.full(40, 0.1), loss=np.r_[np.linspace(2, 1, 39), np.nan])
>>> [h.code for h in NonFiniteLoss().check(s)], NonFiniteLoss().check(s)[0].step
(['LR014'], 40)
>>> LRConstant().check(s)[0].values["lr"]
0.1
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

__all__ = ["Series", "Hit", "SeriesRule", "LRFloorEarly", "NonFiniteLoss", "LossSpike", "LRConstant",
           "LRRestart", "LRFastCycles", "LRFloorReached", "LRStaircase", "SpikeAfterLRRise", "ValFlat",
           "EarlyDivergence", "RULES", "rolling_median"]


def _arr(x: Any, dtype: Any = float) -> np.ndarray:
    return np.asarray([] if x is None else x, dtype=dtype)


@dataclass(frozen=True, eq=False)
class Series:
    """One run's series, by optimizer step.

    ``steps``/``lr``: the LR logged at those steps (increasing steps). ``loss`` is the training
    loss at ``loss_steps`` (default: ``steps``). ``val`` a validation series at ``val_steps``
    named ``val_name`` (``"val_loss"``, ``"val_acc"`` …) to be ``val_mode``-imized.
    ``total_steps``: the planned run length (default: the last logged step).
    """

    steps: Any = None
    lr: Any = None
    loss: Any = None
    loss_steps: Any = None
    val: Any = None
    val_steps: Any = None
    val_name: str = "val_loss"
    val_mode: str = "min"
    total_steps: int | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "steps", _arr(self.steps, np.int64))
        set_(self, "lr", _arr(self.lr))
        set_(self, "loss", _arr(self.loss))
        set_(self, "loss_steps", self.steps if self.loss_steps is None and len(self.loss) == len(self.steps)
             else _arr(self.loss_steps, np.int64))
        set_(self, "val", _arr(self.val))
        set_(self, "val_steps", _arr(self.val_steps, np.int64))

    @property
    def length(self) -> int:
        """The run length in steps: ``total_steps``, else the last logged step."""
        if self.total_steps:
            return int(self.total_steps)
        arrays = [a for a in (self.steps, self.loss_steps, self.val_steps) if len(a)]
        if not arrays:
            return 0
        first = min(int(a[0]) for a in arrays)            # logs that count from step 0 hold last + 1 steps
        return max(int(a[-1]) for a in arrays) + (first == 0)

    def lr_at(self, steps: Any) -> np.ndarray:
        """The logged LR at ``steps``, held from the last logged step before each (NaN before the first)."""
        idx = np.searchsorted(self.steps, np.asarray(steps), side="right") - 1
        out = self.lr[np.clip(idx, 0, max(len(self.lr) - 1, 0))] if len(self.lr) else np.full(np.shape(idx), np.nan)
        return np.where(idx >= 0, out, np.nan)


@dataclass(frozen=True)
class Hit:
    """A rule that fired: its ``code``, the ``step``, the template ``values`` and the ``evidence`` numbers."""

    code: str
    step: int | None
    values: dict = field(default_factory=dict)
    evidence: dict = field(default_factory=dict)


class SeriesRule:
    """A rule over a :class:`Series`; ``check`` returns the hits (empty when it does not fire)."""

    code = ""

    def check(self, s: Series) -> list[Hit]:  # pragma: no cover - interface
        raise NotImplementedError


def _finite_lr(s: Series) -> tuple[np.ndarray, np.ndarray]:
    ok = np.isfinite(s.lr)
    return s.steps[ok], s.lr[ok]


@dataclass(frozen=True)
class LRFloorEarly(SeriesRule):
    """LR012: at the ``early`` point of the run (10%) the LR has sat at <= ``floor`` (1%) of its peak
    since an earlier logged step. The Monitor checks it once, when it reaches that point."""

    floor: float = 0.01
    early: float = 0.10
    code = "LR012"

    def check(self, s: Series) -> list[Hit]:
        steps, lr = _finite_lr(s)
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
class NonFiniteLoss(SeriesRule):
    """LR014: the first NaN or inf training loss."""

    code = "LR014"

    def check(self, s: Series) -> list[Hit]:
        bad = np.flatnonzero(~np.isfinite(s.loss))
        if not len(bad):
            return []
        i = int(bad[0])
        step = int(s.loss_steps[i])
        lr = float(s.lr_at(step)) if len(s.lr) else float("nan")
        return [Hit(self.code, step, dict(loss=str(float(s.loss[i])), step=step, lrs=f"[{lr:.3g}]"),
                    {"loss": str(float(s.loss[i])), "lr": lr, "non_finite_points": int(len(bad)),
                     "fraction_of_run": round(step / max(s.length, 1), 4)})]


def rolling_median(x: np.ndarray, window: int, min_history: int, chunk: int = 1 << 16) -> np.ndarray:
    """``out[i]`` = median of the (up to) ``window`` values before ``x[i]``; NaN with fewer than ``min_history``.

    >>> rolling_median(np.arange(6.0), window=3, min_history=2)
    array([nan, nan, 0.5, 1. , 2. , 3. ])
    """
    n = len(x)
    out = np.full(n, np.nan)
    for i in range(min_history, min(window, n)):
        out[i] = np.median(x[:i])
    if n > window:
        view = np.lib.stride_tricks.sliding_window_view(x[:-1], window)  # view[j] = x[j:j+window] -> out[j+window]
        for a in range(0, len(view), chunk):
            out[window + a:window + a + chunk] = np.median(view[a:a + chunk], axis=1)
    return out


@dataclass(frozen=True)
class LossSpike(SeriesRule):
    """LR015: a finite loss above ``ratio`` x the median of the ``window`` finite losses before it
    (once ``min_history`` were seen). ``check`` returns the first spike; :meth:`all` every one."""

    ratio: float = 5.0
    window: int = 50
    min_history: int = 20
    code = "LR015"

    def all(self, s: Series, start: int = 0) -> list[Hit]:
        """Every spike from index ``start`` of the finite losses on (memoized per series: two rules use it)."""
        key = (self.ratio, self.window, self.min_history, start)
        memo = s.__dict__.setdefault("_spikes", {})
        if key not in memo:
            memo[key] = self._all(s, start)
        return list(memo[key])

    def _all(self, s: Series, start: int) -> list[Hit]:
        ok = np.isfinite(s.loss)
        f, fsteps = s.loss[ok], s.loss_steps[ok]
        if len(f) <= self.min_history:
            return []
        lo = max(start, self.min_history)
        if len(f) - lo < 256:      # a few new points (the Monitor: one): their medians only
            med = np.array([np.median(f[max(0, i - self.window):i]) for i in range(lo, len(f))])
        else:
            med = rolling_median(f, self.window, self.min_history)[lo:]
        vals = f[lo:]
        idx = np.flatnonzero((med > 0) & (vals > self.ratio * med))
        hits = []
        for j in idx:
            step, v, m = int(fsteps[lo + j]), float(vals[j]), float(med[j])
            lr = float(s.lr_at(step)) if len(s.lr) else float("nan")
            hits.append(Hit(self.code, step, dict(loss=v, ratio=v / m, median=m, step=step, lrs=f"[{lr:.3g}]"),
                            {"loss": v, "median": m, "ratio": round(v / m, 3), "lr": lr}))
        return hits

    def check(self, s: Series, start: int = 0) -> list[Hit]:
        hits = self.all(s, start)
        if hits:
            hits[0].evidence["spikes"] = len(hits)
        return hits[:1]


@dataclass(frozen=True)
class SpikeAfterLRRise(SeriesRule):
    """LR031: a loss spike (or the first non-finite loss, or the loss's running median at ``level`` x
    its lowest so far) within ``within`` steps after the LR rose by more than ``rise`` (relative)."""

    within: int = 20
    rise: float = 0.2
    level: float = 2.0
    spike: LossSpike = field(default_factory=LossSpike)
    code = "LR031"

    def check(self, s: Series) -> list[Hit]:
        steps, lr = _finite_lr(s)
        if len(lr) < 2:
            return []
        events = [(h.step, h.values["loss"], h.evidence.get("ratio")) for h in self.spike.all(s)]
        events += [(h.step, float("nan"), None) for h in NonFiniteLoss().check(s)]
        events += self._level(s)
        for step, loss, ratio in sorted(events, key=lambda e: e[0]):
            a, b = np.searchsorted(steps, step - self.within), np.searchsorted(steps, step, side="right")
            if b - a < 2:
                continue
            seg = lr[a:b]
            low_i = int(np.argmin(seg))
            if seg[low_i] > 0 and seg[low_i:].max() > (1 + self.rise) * seg[low_i] and seg[-1] >= seg[low_i:].max() * 0.9:
                lr_from, lr_to = float(seg[low_i]), float(seg[-1])
                v = dict(loss=str(loss) if not math.isfinite(loss) else f"{loss:.4g}", step=step,
                         lr_from=lr_from, lr_to=lr_to, k=int(step - steps[a + low_i]))
                ev = {"loss": loss if math.isfinite(loss) else str(loss), "lr_from": lr_from, "lr_to": lr_to,
                      "rise_steps": v["k"], "fraction_of_run": round(step / max(s.length, 1), 4)}
                if ratio is not None:
                    ev["spike_ratio"] = ratio
                return [Hit(self.code, step, v, ev)]
        return []


    def _level(self, s: Series) -> list[tuple[int, float, float]]:
        """The first step where the loss's running median reaches ``level`` x its lowest earlier running median."""
        ok = np.isfinite(s.loss)
        f, fs = s.loss[ok], s.loss_steps[ok]
        b = max(1, len(f) // 2000)              # long runs: the median of each block of b losses
        if b > 1:
            n = len(f) // b * b
            f, fs = np.median(f[:n].reshape(-1, b), axis=1), fs[:n][b - 1::b]
        w = max(5, len(f) // 40)
        if len(f) < 4 * w:
            return []
        med = np.median(np.lib.stride_tricks.sliding_window_view(f, w), axis=1)   # med[i]: f[i:i+w]
        low = np.minimum.accumulate(med)
        hit = np.flatnonzero((low > 0) & (med >= self.level * low))
        if not len(hit):
            return []
        i = int(hit[0])
        return [(int(fs[i + w - 1]), float(med[i]), round(float(med[i] / low[i]), 3))]


@dataclass(frozen=True)
class LRConstant(SeriesRule):
    """LR026: the LR never changes over at least ``min_points`` logged steps."""

    min_points: int = 10
    code = "LR026"

    def check(self, s: Series) -> list[Hit]:
        steps, lr = _finite_lr(s)
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
        steps, lr = _finite_lr(s)
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
        steps, lr = _finite_lr(s)
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
        steps, lr = _finite_lr(s)
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
        steps, lr = _finite_lr(s)
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


@dataclass(frozen=True)
class ValFlat(SeriesRule):
    """LR032: the validation metric does not improve its best by more than ``threshold`` (relative)
    for ``patience`` evaluations in a row while the LR stays constant."""

    patience: int = 6
    threshold: float = 0.01
    code = "LR032"

    def check(self, s: Series) -> list[Hit]:
        v, vs = s.val, s.val_steps
        ok = np.isfinite(v)
        v, vs = v[ok], vs[ok]
        if len(v) <= self.patience or not len(s.lr):
            return []
        sign = 1.0 if s.val_mode == "min" else -1.0
        best, since = sign * v[0], 0
        for i in range(1, len(v)):
            x = sign * v[i]
            if x < best - self.threshold * abs(best):
                best, since = x, i
            elif i - since >= self.patience:
                span = s.lr_at(np.arange(vs[since], vs[i] + 1)) if vs[i] - vs[since] < 10 ** 6 else \
                    s.lr[(s.steps >= vs[since]) & (s.steps <= vs[i])]
                span = span[np.isfinite(span)]
                if len(span) and span.max() <= span.min() * (1 + 1e-6):
                    start = int(vs[since])
                    vals = dict(metric=s.val_name, evals=int(i - since), step=start, lr=float(span[0]),
                                best=float(sign * best))
                    return [Hit(self.code, start, vals, {"metric": s.val_name, "best": float(sign * best),
                                                         "evaluations_without_improvement": int(i - since),
                                                         "lr": float(span[0]), "from_step": start,
                                                         "to_step": int(vs[i])})]
        return []


@dataclass(frozen=True)
class EarlyDivergence(SeriesRule):
    """LR033: in the first ``early`` of the run the loss climbs back above where it started and to
    ``rise`` x its lowest value so far, with the LR at >= ``at_peak`` of its peak from the first
    logged step (no warmup, or one too short to matter)."""

    early: float = 0.15
    rise: float = 1.4
    at_peak: float = 0.5
    code = "LR033"

    def check(self, s: Series) -> list[Hit]:
        steps, lr = _finite_lr(s)
        if len(lr) < 2 or len(s.loss) < 5 or lr.max() <= 0 or lr[0] < self.at_peak * lr.max():
            return []
        n = max(int(np.searchsorted(s.loss_steps, math.ceil(self.early * s.length), side="right")), 10)
        loss = s.loss[:n]
        if not np.isfinite(loss[0]):
            return []
        bad = ~np.isfinite(loss)
        stop = int(np.flatnonzero(bad)[0]) if bad.any() else len(loss)
        fin = loss[:stop]
        runmin = np.minimum.accumulate(fin)
        idx = np.flatnonzero((fin > fin[0]) & (fin > self.rise * runmin))
        if not len(idx) and not bad.any():
            return []
        i = int(idx[0]) if len(idx) else stop
        step = int(s.loss_steps[i])
        value = float(loss[i])
        v = dict(first=float(fin[0]), loss=f"{value:.4g}", low=float(runmin[max(i - 1, 0)] if i else fin[0]),
                 step=step, lr=float(lr[0]), peak=float(lr.max()))
        return [Hit(self.code, step, v, {"first_loss": v["first"], "lowest_before": v["low"],
                                         "loss": value if math.isfinite(value) else str(value), "lr_first": v["lr"],
                                         "lr_peak": v["peak"], "fraction_of_run": round(step / max(s.length, 1), 4)})]


#: The rules ``lrkit diagnose`` runs on every series, in report order.
RULES: tuple[SeriesRule, ...] = (LRConstant(), LRFloorEarly(), LRFastCycles(), LRRestart(), LRFloorReached(),
                                 LRStaircase(), NonFiniteLoss(), EarlyDivergence(), SpikeAfterLRRise(),
                                 LossSpike(), ValFlat())
