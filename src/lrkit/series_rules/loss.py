"""Rules on the losses next to the LR: NaN/inf, spikes, spikes after an LR rise, early divergence, a flat
validation metric at a constant LR."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .base import Hit, Series, SeriesRule, finite_lr, rolling_median

__all__ = ["NonFiniteLoss", "LossSpike", "SpikeAfterLRRise", "ValFlat", "EarlyDivergence"]


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
        steps, lr = finite_lr(s)
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
    logged step (no warmup) or at its peak within the first ``short`` of the run (a warmup too
    short to matter)."""

    early: float = 0.15
    rise: float = 1.4
    at_peak: float = 0.5
    short: float = 0.02
    code = "LR033"

    def check(self, s: Series) -> list[Hit]:
        steps, lr = finite_lr(s)
        if len(lr) < 2 or len(s.loss) < 5 or lr.max() <= 0:
            return []
        peak = float(lr.max())
        reached = int(steps[int(np.argmax(lr >= 0.9 * peak))])
        if lr[0] >= self.at_peak * peak:
            how = "from the first step: no warmup"
        elif reached <= self.short * s.length:
            how = f"by step {reached}: a warmup too short to matter"
        else:
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
                 step=step, lr=float(lr[min(int(np.searchsorted(steps, step)), len(lr) - 1)]), peak=peak, how=how)
        return [Hit(self.code, step, v, {"first_loss": v["first"], "lowest_before": v["low"],
                                         "loss": value if math.isfinite(value) else str(value), "lr_first": float(lr[0]),
                                         "lr_peak": peak, "peak_reached_at_step": reached,
                                         "fraction_of_run": round(step / max(s.length, 1), 4)})]
