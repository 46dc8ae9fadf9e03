"""How far to trust a range test's suggestion: the turn-up of the curve and ``FinderResult.confidence``.

Pure numpy, read from what the curve and the run measure. Each finding has a level
(``"medium"`` or ``"low"``) and a sentence that says what to do; the confidence is the
worst level found (``"high"`` when there is none). The thresholds are stated in
docs/finder.md ("Confidence") with what they were checked on.

- *untrustworthy* (every reason of :func:`lrkit.finder.rules.assess`): low;
- *rule agreement*: the ``lrkit`` rule's three estimates (steepest descent, minimum / 10,
  2/3 down the valley) span more than 1.5 decades: medium; more than 2.5: low (on the
  record's 12 cells they span at most 1.3);
- *repeats*: with ``repeats > 1``, the ``lrkit`` suggestions span more than 3x: medium
  (more than 10x is already untrustworthy);
- *passes over the data*: the sweep saw the training data 6 or more times: medium (the
  training loss can fall by memorising; on the small-data cells of
  ``bench/finder_confidence.py`` it did not hurt, so it is never low on its own);
- *small drop*: the smoothed loss fell less than 5% before its minimum: medium;
- *noisy curve*: the step-to-step noise of the training loss is 30-50% of its drop (over 50% is
  already untrustworthy): low (the record's curves reach 19%; the small tabular regression of
  issue 16, where the suggestion was 3-40x off, 38-95%);
- *no turn-up seen*: a completed sweep whose loss never rose after its minimum: medium;
- *sweep density* outside what the ``lrkit`` rule was measured on: medium;
- *adapted sweep* (``find_lr`` swept again, slower, after no descent): low;
- *sequence model* (a recurrent or attention layer, from ``result.settings``): low. Not read
  from the curve: on 4 of the record's 6 language-model cells (every SGD one) the best LR sat
  close to where the loss turns up, above every rule, and no feature of their curves told them
  apart from the cells where the rules hold (docs/benchmarks.md).

>>> import numpy as np
>>> lrs = np.logspace(-7, 1, 100); x = np.log10(lrs)
>>> loss = 0.02 + 0.08 / (1 + np.exp(4 * (x + 3)))          # falls around 1e-3 ...
>>> loss = loss + np.where(x > -1, 0.03 * (x + 1), 0.0)      # ... and rises only ~4x: bounded
>>> t = turn_up(lrs, loss, 100)
>>> f"{t['min_lr']:.2g}", f"{t['lr']:.2g}", f"{t['factor']:.1f}"
('0.066', '0.51', '3.9')
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import LRKitError
from . import probe as _probe
from . import rules as _rules

__all__ = ["lag_free", "memorises", "no_curve", "turn_up", "stall", "assess_confidence", "noise_ratio", "LEVELS", "RISE_PATIENCE",
           "RISE_WINDOW"]

LEVELS = ("high", "medium", "low")
#: The sustained-rise stop of find_lr: the trailing median of the last ``RISE_WINDOW`` raw losses above
#: ``rise_th`` x its lowest value, this many steps running.
RISE_PATIENCE = 8
RISE_WINDOW = 5
_WIDTH = 5
_SPREAD_MEDIUM, _SPREAD_LOW = 1.5, 2.5  # decades between the lrkit rule's estimates
_PASSES_MEDIUM = 6.0
_SMALL_DROP = 0.05
#: The EMA weight for a training loss recorded beside a validation loss (find_lr's default for training losses).
TRAIN_SMOOTH = 0.05
_NOISE_LOW = 0.3  # step-to-step noise of the training loss over its drop (the record's 36 curves: at most 0.19)


def lag_free(losses, width: int = _WIDTH) -> np.ndarray:
    """A centred running median of the raw loss (``width`` points, non-finite ones left out).

    Unlike the EMA it has no lag, so a turn-up at the end of the sweep is not hidden;
    as a median it needs more than half of the window to rise, so one noisy step is not a turn.

    >>> lag_free([3.0, 1.0, 9.0, 1.0, 1.0, 5.0, 6.0], 3).tolist()
    [2.0, 3.0, 1.0, 1.0, 1.0, 5.0, 5.5]
    """
    x = np.asarray(losses, dtype=np.float64)
    h = width // 2
    out = np.full(len(x), np.nan)
    for i in range(len(x)):
        seg = x[max(0, i - h): i + h + 1]
        seg = seg[np.isfinite(seg)]
        if len(seg):
            out[i] = float(np.median(seg))
    return out


def turn_up(lrs, losses, num_iter: int) -> dict[str, Any] | None:
    """Where the raw loss turned up after its minimum, read from :func:`lag_free`; ``None`` if it did not.

    After the first ``num_iter // 10`` points (the start the rules also skip), the
    minimum of the lag-free curve is found; the loss *turned up* when the lag-free curve
    later rises above that minimum by half of the drop before it (from its start to the
    minimum) or to twice the minimum (by ``|minimum|``), whichever is less, and by at
    least a tenth of the drop. Returns the first
    such point: ``index``, ``lr``, the minimum's ``min_lr``, and ``rise`` (how far it rose,
    in units of the drop), and ``factor`` (the highest lag-free point after the minimum over
    the minimum, for positive losses).
    """
    lrs = np.asarray(lrs, dtype=np.float64)
    m = lag_free(losses)
    skip = min(num_iter // 10, max(0, len(m) - 3))
    seg = m[skip:]
    if len(seg) < 3 or not np.isfinite(seg).any():
        return None
    i_min = skip + int(np.nanargmin(seg))
    best = float(m[i_min])
    first = seg[np.isfinite(seg)][0]
    drop = float(first) - best
    if not drop > 0:
        return None
    need = max(min(0.5 * drop, abs(best)), 0.1 * drop)
    after = m[i_min + 1:]
    hit = np.nonzero(np.isfinite(after) & (after - best >= need))[0]
    if not len(hit):
        return None
    j = i_min + 1 + int(hit[0])
    top = float(np.nanmax(after))
    return {"index": j, "lr": float(lrs[j]), "min_lr": float(lrs[i_min]), "rise": (top - best) / drop,
            "factor": top / best if best > 0 else None}


def stall(lrs, losses, smoothed, num_iter: int, stop_reason: str) -> dict[str, Any] | None:
    """Where the raw loss stopped falling on a completed sweep whose *smoothed* loss is lowest at its end.

    The EMA lags: when the raw loss stops falling (turns up, or goes flat, as a saturated
    sigmoid does) late in the sweep, the smoothed loss can keep falling to the last point,
    which reads as "still falling at end_lr" and moves every rule high. Returns ``None``
    unless the sweep completed, the trimmed smoothed loss has its minimum in its last 5%, and
    the :func:`lag_free` loss has its minimum at least ``2 * SKIP_END`` points before the end;
    then ``{"index", "lr"}`` of that minimum and ``read_to``: the length of curve the rules
    read (up to ``index + SKIP_END + 1``, so that after trimming ``SKIP_END`` points it ends
    at the raw minimum, as a stop there would have left it).
    """

    if stop_reason != "completed":
        return None
    try:
        _, s = _rules.trimmed(lrs, smoothed, num_iter)
    except LRKitError:
        return None
    if int(np.argmin(s)) < 0.95 * (len(s) - 1):
        return None
    m = lag_free(losses)
    skip = min(num_iter // 10, max(0, len(m) - 3))
    if not np.isfinite(m[skip:]).any():
        return None
    i = skip + int(np.nanargmin(m[skip:]))
    if i >= len(m) - 1 - 2 * _rules.SKIP_END:
        return None
    return {"index": i, "lr": float(np.asarray(lrs)[i]), "read_to": i + _rules.SKIP_END + 1}


def _estimate_spread(res) -> float | None:

    try:
        e = _rules.estimates(*res.read_curve(), res.num_iter)
    except LRKitError:
        return None
    v = [e["steep_c"], e["min10"], e["valley23"]]
    return math.log10(max(v) / min(v)) if min(v) > 0 else None


def passes(res) -> float | None:
    """How many times the final sweep went over the training data (``None`` when the loader has no length)."""
    per = res.settings.get("batches_per_pass")
    if not per:
        return None
    n = max(len(r.lrs) for r in res.runs) if res.runs else len(res.lrs)
    return n * int(res.settings.get("accumulation_steps", 1)) / float(per)


def _train_curve(res) -> tuple[np.ndarray, np.ndarray]:
    """The training loss the sweep saw, up to the part the rules read, and its EMA: the recorded curve, or with
    ``val_loader`` the training losses recorded beside it (averaged over repeats like the main curve)."""
    lrs, sm = res.read_curve()
    n = len(lrs)
    train = [r.train_losses for r in res.runs if getattr(r, "train_losses", None) is not None]
    if not train:
        return res.losses[:n], sm
    m = min(n, min(len(t) for t in train))
    with np.errstate(invalid="ignore"):
        raw = np.stack([t[:m] for t in train]).mean(axis=0)
    return raw, _rules.ema(raw, TRAIN_SMOOTH)


def noise_ratio(res) -> float | None:
    """The step-to-step noise of the training loss (:func:`lrkit.finder.rules.step_noise`) over the drop of its
    smoothed curve from the start of the trimmed curve to its minimum; ``None`` when it cannot be read.

    >>> from lrkit.finder import FinderResult
    >>> lrs = np.logspace(-7, 1, 100); x = np.log10(lrs)
    >>> loss = 2 - np.tanh(2 * (x + 3)) + np.where(x > -1, 20 * (x + 1) ** 2, 0)
    >>> noisy = loss + 0.7 * np.random.default_rng(0).standard_normal(100)  # noise 0.7 against a drop of 2
    >>> [round(noise_ratio(FinderResult.from_curve(lrs[:90], c[:90], stop_reason="diverged", num_iter=100)), 2)
    ...  for c in (loss, noisy)]
    [0.0, 0.39]
    """
    raw, sm = _train_curve(res)
    try:
        _, s = _rules.trimmed(res.lrs[:len(sm)], sm, res.num_iter)
    except LRKitError:
        return None
    i_min = int(np.argmin(s))
    drop = float(s[0] - s[i_min])
    noise = _rules.step_noise(raw, res.num_iter, i_min)
    return noise / drop if noise is not None and drop > 0 else None


def assess_confidence(res) -> tuple[str, list[str]]:
    """``(level, reasons)`` for a :class:`~lrkit.finder.FinderResult` (see the module docstring)."""
    found: list[tuple[str, str]] = [("low", r) for r in res.reasons]
    spread = None if no_curve(res) else _estimate_spread(res)
    if spread is not None and spread > _SPREAD_MEDIUM:
        found.append(("low" if spread > _SPREAD_LOW else "medium",
                      f"rules disagree: the lrkit rule's three estimates span {spread:.1f} decades (their record "
                      f"spans at most 1.3): try repeats=3 and check the suggestion with lrkit.confirm_lr"))
    if len(res.runs) > 1:
        per = res.per_repeat("lrkit")
        ratio = max(per) / min(per) if per and min(per) > 0 else 1.0
        if 3.0 < ratio <= 10.0:
            found.append(("medium", f"repeats differ: their lrkit suggestions span {ratio:.1f}x; check the "
                                    f"suggestion with lrkit.confirm_lr"))
    p = passes(res)
    if p is not None and p >= _PASSES_MEDIUM:
        val = bool(res.settings.get("val_loader"))
        what = ("the validation loss still moves with each pass" if val else
                "the training loss can fall by memorising, which moves the suggestion high (and would mislead "
                "short confirming runs too, so find_lr does not make them); pass val_loader= (a held-out split)")
        found.append(("medium", f"small data: the sweep went over the training data {p:.1f} times; {what}, or "
                             f"check the suggestion with lrkit.confirm_lr"))
    found += _curve_findings(res)
    if any(not a.startswith(_probe.NOTE) for a in res.adaptations):
        found.append(("low", "adapted sweep: the loss fell only in a slower sweep, where the lrkit rule has no record "
                             "(at 37 steps per decade it read 3-10x low; on a slow learner 0.4-0.8x the grid-best LR); "
                             "check the suggestion with lrkit.confirm_lr"))
    if res.settings.get("sequence_model") and not no_curve(res):
        found.append(("low", "sequence model: on 4 of the 6 language-model cells measured (char-level Transformers and a "
                             "GRU; all 3 with SGD, 1 of 3 with AdamW) the best constant LR sat close to where the loss "
                             "turns up, 3-12x above the suggestion, and their curves did not show it; check the "
                             "suggestion with lrkit.confirm_lr, which steps upward while that keeps improving"))
    if res.sweep_note:
        found.append(("medium", "sweep density: " + res.sweep_note))
    if res.probe is not None:
        found = [("medium" if lv == "low" else lv, msg) for lv, msg in found] + [_probed(res, p)]
    level = "high"
    for lv, _ in found:
        if LEVELS.index(lv) > LEVELS.index(level):
            level = lv
    return level, [msg for _, msg in found]


def memorises(res) -> bool:
    """The sweep went over small training data so often (:data:`_PASSES_MEDIUM` passes or more, no val_loader)
    that a training loss also falls by memorising: short runs scored by it prefer too high an LR, so find_lr's
    ``confirm="auto"`` does not run them (on issue 16's small tabular regression they moved the suggestion
    from 3-19x to 22-56x the grid-best LR)."""
    p = passes(res)
    return p is not None and p >= _PASSES_MEDIUM and not res.settings.get("val_loader")


def _probed(res, p: float | None) -> tuple[str, str]:
    """What the confirming runs of find_lr (``res.probe``) leave: medium, or low where they could not settle it."""
    pr = res.probe
    said = (f"confirmed: the curve's findings made find_lr run {len(pr['runs'])} short runs of {pr['steps']} steps; "
            f"their best LR is {pr['best_lr']:.3g} ({pr['best_lr'] / pr['suggested']:.2g}x the curve's suggestion)")
    lrs = [r["lr"] for r in pr["runs"]]
    if len(lrs) > 1 and pr["best_lr"] in (min(lrs), max(lrs)):
        return "low", (said + ", the " + ("highest" if pr["best_lr"] == max(lrs) else "lowest") + " LR tried: the "
                       "best may lie beyond it; check it with lrkit.confirm_lr on your own training")
    if p is not None and p >= _PASSES_MEDIUM and not res.settings.get("val_loader"):
        return "low", (said + f"; but with small data ({p:.0f} passes) a training loss also falls by memorising, "
                       "which short runs cannot tell from learning: pass val_loader= (a held-out split), or check "
                       "it with lrkit.confirm_lr on your validation metric")
    return "medium", said + f", scored by their {pr['score']}; a longer run can prefer another LR"


def no_curve(res) -> bool:
    """The curve has nothing for the rules to read (its findings would only repeat that; find_lr does not
    confirm around a suggestion read from it)."""
    return any(r.startswith(("no descent", "too short", "diverged at the first")) for r in res.reasons)


def _curve_findings(res) -> list[tuple[str, str]]:
    if no_curve(res):
        return []
    out: list[tuple[str, str]] = []
    noise = noise_ratio(res)
    if noise is not None and noise >= _NOISE_LOW and not any(r.startswith("noisy") for r in res.reasons):
        out.append(("low", f"noisy curve: the training loss jumps {100 * noise:.0f}% of its total drop between steps "
                           f"(on the record's curves at most 19%), which moves where the rules read it; use a larger "
                           f"batch or repeats=3, and check the suggestion with lrkit.confirm_lr"))
    sm = res.smoothed[res.num_iter // 10:]
    sm = sm[np.isfinite(sm)]
    if len(sm) >= 3:
        start, low = float(sm[0]), float(np.min(sm))
        frac = (start - low) / max(abs(start), 1e-12)
        if frac < _SMALL_DROP:
            out.append(("medium", f"small drop: the smoothed loss fell only {100 * frac:.1f}% before its minimum; "
                                  f"a longer sweep (num_iter) or lrkit.confirm_lr tells more"))
    if res.stop_reason == "completed" and res.turn_up is None and res.stall is None and \
            not any(r.startswith("still falling") for r in res.reasons):
        out.append(("medium", f"no turn-up: the loss did not rise after its minimum by end_lr="
                              f"{float(res.lrs[-1]):.3g}, so the rules could not see where it stops improving; "
                              f"raise end_lr"))
    return out
