"""Suggestion rules for the LR range test, and the checks that say when a curve can't be trusted.

Pure numpy: every rule takes the swept LRs and the smoothed loss (the EMA the
finder records) and returns one LR. Non-finite points (NaN, inf) are dropped
before any rule looks at the curve; negative losses are ordinary numbers.
The curve is first trimmed like torch-lr-finder's ``plot()`` and fastai's
``lr_find`` do: ``skip_start = num_iter // 10`` points from the start (the
EMA's warm-up) and ``skip_end = 5`` from the end (the blow-up).

- ``steepest``: the LR at the most negative ``np.gradient`` of the trimmed
  smoothed loss (torch-lr-finder's ``plot(suggest_lr=True)``).
- ``valley``: fastai's ``valley``: the longest strictly decreasing subsequence
  of the trimmed loss, ``idx = start + int(L/3) + int(L/6)``, about halfway down.
- ``min10``: the LR at the minimum of the trimmed smoothed loss, divided by 10.
- ``lrkit`` (default): the geometric mean of three estimates, capped at the
  *half-drop point* (the first LR where the smoothed loss has made half of its
  total drop from the start of the trimmed curve to its minimum): the steepest
  point *before the minimum*, ``min10``, and the point 2/3 of the way down the
  longest valley. They err in different directions (steepest sits near the
  cliff, too high where the optimum is sharp; min/10 is a fixed decade below
  the minimum, too high when the loss keeps falling to large LRs; the valley
  point is low on flat optima), so the geometric mean averages their errors in
  log-LR; restricting steepest to the descent removes its worst failure (a
  steep drop after a bump past the minimum). The cap keeps the answer in the
  first half of the descent: the half-drop point is where a sigmoid-shaped
  descent falls fastest, read from a level crossing rather than from the
  argmin of a noisy derivative or of a noisy, lagging minimum, so it stays put
  on noisy curves whose minimum drifts far to the right (BatchNorm CNNs under
  AdamW). Record and the rules it was chosen over: docs/benchmarks.md.

>>> import numpy as np
>>> lrs = np.logspace(-5, 0, 50); x = np.log10(lrs)
>>> loss = 2 - np.tanh(2 * (x + 3)) + np.where(x > -1, 20 * (x + 1) ** 2, 0)  # steepest and half-drop at 1e-3, min near 0.1
>>> {r: f"{suggest(lrs, loss, r):.3g}" for r in RULES}
{'lrkit': '0.0011', 'steepest': '0.0011', 'valley': '0.0011', 'min10': '0.00954'}
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import LRKitError

__all__ = ["RULES", "DEFAULT_RULE", "ema", "suggest", "lr_at_min", "half_drop_lr", "drop_lr", "first_drop",
           "estimates", "longest_valley", "assess", "trimmed", "step_noise",
           "per_decade", "sweep_note",
           "suggest_range"]

RULES = ("lrkit", "steepest", "valley", "min10")
DEFAULT_RULE = "lrkit"
SKIP_END = 5
#: The sweep density the ``lrkit`` rule was chosen and measured on: find_lr's default sweep,
#: 100 iterations from 1e-7 to 10, is 99/8 = 12.4 iterations per decade.
MEASURED_PER_DECADE = 99 / 8
#: The densities (iterations per decade) the rule was measured on: 60, 100 and 160 iterations
#: over 1e-7..10 (docs/benchmarks.md, "Sweep density"). It drifted low on a denser sweep (300).
MEASURED_DENSITIES = (59 / 8, 159 / 8)


def ema(losses, smooth: float) -> np.ndarray:
    """torch-lr-finder's smoothing: ``s[0] = l[0]``, ``s[i] = smooth*l[i] + (1-smooth)*s[i-1]``.

    ``smooth`` is the weight of the new point (0 = no smoothing). A non-finite
    loss gives a non-finite smoothed point and does not poison later points
    (they continue from the last finite one).

    >>> ema([4.0, 2.0, 2.0], 0.5).tolist()
    [4.0, 3.0, 2.5]
    """
    x = np.asarray(losses, dtype=np.float64)
    out = np.empty_like(x)
    prev = None
    for i, v in enumerate(x):
        if not math.isfinite(v):
            out[i] = v
            continue
        prev = v if prev is None or smooth == 0 else smooth * v + (1.0 - smooth) * prev
        out[i] = prev
    return out


def trimmed(lrs, smoothed, num_iter: int | None):
    """The curve the rules read: without the first tenth of the sweep and the last ``SKIP_END`` points
    (kept when too few would remain), finite points only; an error when fewer than 3 are left."""
    lrs = np.asarray(lrs, dtype=np.float64)
    sm = np.asarray(smoothed, dtype=np.float64)
    if lrs.shape != sm.shape or lrs.ndim != 1:
        raise LRKitError(f"suggest: lrs and losses must be 1-D arrays of the same length, "
                         f"got shapes {lrs.shape} and {sm.shape}")
    n = len(lrs)
    skip_start = (num_iter if num_iter is not None else n) // 10
    end = n - SKIP_END if n - SKIP_END - skip_start >= 5 else n
    if end - skip_start < 5:
        skip_start = 0
    lr, s = lrs[skip_start:end], sm[skip_start:end]
    ok = np.isfinite(s) & np.isfinite(lr)
    lr, s = lr[ok], s[ok]
    if len(s) < 3:
        raise LRKitError(f"suggest: the curve has {len(s)} usable points after trimming (need >= 3): "
                         f"the sweep stopped too early; lower start_lr or raise diverge_th")
    return lr, s


def longest_valley(losses) -> tuple[int, int]:
    """(start, end) of fastai's longest valley: the longest strictly decreasing subsequence.

    ``end`` is the first index where that subsequence ends, ``start = end - length``
    (fastai's bookkeeping, which may be -1 when the whole prefix decreases).

    >>> longest_valley([5.0, 4.0, 6.0, 3.0, 2.0, 7.0])
    (0, 4)
    """
    x = np.asarray(losses, dtype=np.float64)
    n = len(x)
    lds = np.ones(n, dtype=np.int64)
    for i in range(1, n):
        higher = x[:i] > x[i]
        if higher.any():
            lds[i] = lds[:i][higher].max() + 1
    end = int(np.argmax(lds))  # first index of the longest
    return end - int(lds[end]), end


def _valley_index(n_start: int, n_end: int, frac: float | None) -> int:
    if frac is None:  # fastai: sections = L/3; idx = start + int(sections) + int(sections/2)
        sections = (n_end - n_start) / 3
        return max(0, n_start + int(sections) + int(sections / 2))
    return max(0, n_start + int((n_end - n_start) * frac))


def lr_at_min(lrs, smoothed, num_iter: int | None = None) -> float:
    """The LR at the minimum of the trimmed smoothed loss."""
    lr, s = trimmed(lrs, smoothed, num_iter)
    return float(lr[int(np.argmin(s))])


def first_drop(lr, s, i_min: int, frac: float) -> float:
    """LR of the first point up to ``i_min`` where the curve ``s`` has fallen ``frac`` of its drop.

    The drop is from ``s[0]`` to ``s[i_min]``; on a curve that never falls, ``lr[0]``.
    Works on any curve (the rules pass the trimmed smoothed loss).

    >>> first_drop([1e-3, 1e-2, 1e-1, 1.0], [4.0, 3.5, 2.0, 1.0], 3, 0.5)
    0.1
    """
    drop = s[0] - s[i_min]
    if not drop > 0:
        return float(lr[0])
    return float(lr[int(np.nonzero(np.asarray(s[: i_min + 1]) <= s[0] - frac * drop)[0][0])])


def drop_lr(lrs, smoothed, frac: float = 0.5, num_iter: int | None = None) -> float:
    """The first LR where the trimmed smoothed loss has fallen ``frac`` of its total drop.

    The drop is from the first point of the trimmed curve to its minimum; on a
    curve that never falls, the first LR.

    >>> import numpy as np
    >>> lrs = np.logspace(-5, 0, 50); x = np.log10(lrs)
    >>> f"{drop_lr(lrs, 2 - np.tanh(2 * (x + 3))):.3g}", f"{drop_lr(lrs, 2 - np.tanh(2 * (x + 3)), 0.9):.3g}"
    ('0.0011', '0.00356')
    """
    lr, s = trimmed(lrs, smoothed, num_iter)
    return first_drop(lr, s, int(np.argmin(s)), frac)


def half_drop_lr(lrs, smoothed, num_iter: int | None = None) -> float:
    """:func:`drop_lr` at half the drop: the cap of the ``lrkit`` rule.

    >>> import numpy as np
    >>> lrs = np.logspace(-5, 0, 50); x = np.log10(lrs)
    >>> f"{half_drop_lr(lrs, 2 - np.tanh(2 * (x + 3))):.3g}"
    '0.0011'
    """
    return drop_lr(lrs, smoothed, 0.5, num_iter)


def estimates(lrs, smoothed, num_iter: int | None = None) -> dict[str, float]:
    """The four LRs the ``lrkit`` rule is made of, read from the trimmed smoothed loss.

    ``steep_c``: the steepest point up to the minimum; ``min10``: the minimum's LR / 10;
    ``valley23``: 2/3 of the way down the longest valley; ``h50``: the half-drop point.
    The rule is ``min((steep_c * min10 * valley23) ** (1/3), h50)``.

    >>> import numpy as np
    >>> lrs = np.logspace(-5, 0, 50); x = np.log10(lrs)
    >>> loss = 2 - np.tanh(2 * (x + 3)) + np.where(x > -1, 20 * (x + 1) ** 2, 0)
    >>> {k: f"{v:.3g}" for k, v in estimates(lrs, loss).items()}
    {'steep_c': '0.0011', 'min10': '0.00954', 'valley23': '0.00569', 'h50': '0.0011'}
    """
    lr, s = trimmed(lrs, smoothed, num_iter)
    i_min = int(np.argmin(s))
    start, end = longest_valley(s)
    return {"steep_c": float(lr[int(np.argmin(np.gradient(s)[: i_min + 1]))]),
            "min10": float(lr[i_min]) / 10.0,
            "valley23": float(lr[_valley_index(start, end, 2.0 / 3.0)]),
            "h50": first_drop(lr, s, i_min, 0.5)}


def suggest(lrs, smoothed, rule: str = DEFAULT_RULE, num_iter: int | None = None) -> float:
    """The LR that ``rule`` suggests for the curve ``(lrs, smoothed)``.

    ``num_iter`` is the sweep's planned length (sets ``skip_start``; default ``len(lrs)``).

    >>> import numpy as np
    >>> lrs = np.logspace(-5, 0, 50); x = np.log10(lrs)
    >>> loss = 2 - np.tanh(2 * (x + 3)) + np.where(x > -1, 20 * (x + 1) ** 2, 0)
    >>> f"{suggest(lrs, loss, 'steepest'):.3g}", f"{suggest(lrs, loss):.3g}"
    ('0.0011', '0.0011')
    """
    if rule not in RULES:
        raise LRKitError(f"suggest: rule must be one of {', '.join(RULES)}, got {rule!r}")
    if rule == "lrkit":
        # geometric mean of steepest-up-to-the-minimum, min/10 and valley at 2/3, capped at the
        # half-drop point (which is never past the minimum)
        e = estimates(lrs, smoothed, num_iter)
        return float(min((e["steep_c"] * e["min10"] * e["valley23"]) ** (1.0 / 3.0), e["h50"]))
    lr, s = trimmed(lrs, smoothed, num_iter)
    if rule == "steepest":
        return float(lr[int(np.argmin(np.gradient(s)))])
    if rule == "min10":
        return float(lr[int(np.argmin(s))]) / 10.0
    start, end = longest_valley(s)
    return float(lr[_valley_index(start, end, None)])  # valley


def suggest_range(lrs, smoothed, num_iter: int | None = None) -> tuple[float, float]:
    """(min_lr, max_lr) for cyclic / one-cycle schedules, after Smith (2017).

    ``max_lr``: 3x the ``lrkit`` suggestion, capped at the LR of the minimum (never
    past where the loss turns). ``min_lr``: the first LR where the trimmed smoothed
    loss has fallen by 10% of its total drop (the loss starts to move), but at most
    a third of the ``lrkit`` suggestion (the EMA lags, so on a short steep descent
    that first point can come late).

    >>> import numpy as np
    >>> lrs = np.logspace(-5, 0, 50); x = np.log10(lrs)
    >>> loss = 2 - np.tanh(2 * (x + 3)) + np.where(x > -1, 20 * (x + 1) ** 2, 0)
    >>> [f"{v:.3g}" for v in suggest_range(lrs, loss)]
    ['0.000339', '0.0033']
    """
    lr, s = trimmed(lrs, smoothed, num_iter)
    i_min = int(np.argmin(s))
    best = suggest(lrs, smoothed, "lrkit", num_iter)
    lo = min(first_drop(lr, s, i_min, 0.1), best / 3.0)
    hi = min(3.0 * best, float(lr[i_min]))
    return (lo, hi)


def assess(lrs, losses, smoothed, num_iter: int, stop_reason: str, stalled: dict | None = None,
           turned: dict | None = None) -> list[str]:
    """Reasons not to trust the curve (empty when it looks sound).

    - stopped in the first 10% of the sweep: diverged at the first steps;
    - fewer than 20 usable points: too short;
    - the smoothed loss never fell 2% below its starting value: no descent;
    - the point-to-point noise is over half the total drop: noisy;
    - the minimum lies in the last 5% of a sweep that never diverged: still falling at end_lr, or,
      when the raw loss stopped falling well before the end (``stalled``, from
      :func:`lrkit.finder.confidence.stall`), stopped falling: the smoothing lags the turn; or, when
      the raw loss rose after its minimum only in the last points (``turned``, from
      :func:`lrkit.finder.confidence.turn_up`), turned up at the end.

    >>> import numpy as np
    >>> lrs = np.logspace(-7, 1, 100)
    >>> flat = np.full(100, 2.3)
    >>> assess(lrs, flat, flat, 100, "completed")
    ['no descent: the smoothed loss never fell more than 2% below its start (2.3 -> 2.3)']
    """
    reasons: list[str] = []
    raw = np.asarray(losses, dtype=np.float64)
    n = len(raw)
    if stop_reason != "completed" and n <= max(3, num_iter // 10):
        reasons.append(f"diverged at the first steps ({stop_reason} at iteration {n} of {num_iter}): "
                       f"lower start_lr")
    try:
        lr, s = trimmed(lrs, smoothed, num_iter)
    except LRKitError:
        reasons.append(f"too short: {n} iterations leave no usable curve")
        return reasons
    if len(s) < 20 and not reasons:
        reasons.append(f"too short: {len(s)} usable points (need >= 20); raise num_iter or lower start_lr")
    i_min = int(np.argmin(s))
    start = float(s[0])
    drop = start - float(s[i_min])
    if drop <= 0.02 * max(abs(start), 1e-12):
        reasons.append(f"no descent: the smoothed loss never fell more than 2% below its start "
                       f"({start:.3g} -> {float(s[i_min]):.3g})")
        return reasons
    noise = step_noise(raw, num_iter, i_min)
    if noise is not None and noise > 0.5 * drop:
        reasons.append(f"noisy: the loss jumps {noise:.3g} between steps against a total drop of "
                       f"{drop:.3g}; use a larger batch, more smoothing or repeats=")
    if stop_reason == "completed" and i_min >= 0.95 * (len(s) - 1):
        if stalled is None and turned is not None:
            reasons.append(f"turned up at the end: the raw loss rose after its minimum at lr={turned['min_lr']:.3g} "
                           f"only in the last points (at lr={turned['lr']:.3g}), too close to end_lr for the smoothed "
                           f"loss to show it; the rules read the whole curve. Check the suggestion with "
                           f"lrkit.confirm_lr")
        elif stalled is None:
            reasons.append("still falling at end_lr: the loss never turned up; raise end_lr")
        else:
            lr_t = stalled["lr"]
            reasons.append(f"stopped falling at lr={lr_t:.3g}: the raw loss is lowest there and no lower up to "
                           f"end_lr, but the smoothed loss (which lags) is lowest at the end of the sweep; the rules "
                           f"read the curve up to lr={lr_t:.3g}. Check the suggestion with lrkit.confirm_lr")
    return reasons


def step_noise(losses, num_iter: int, i_min: int) -> float | None:
    """The step-to-step noise of the raw loss: a MAD-based sigma of its differences over sqrt(2).

    Read on the raw losses from the first point the rules read (``num_iter // 10``) up to the
    trimmed curve's minimum (``i_min`` points later); ``None`` with fewer than 5 finite points.

    >>> step_noise([2.0, 2.1, 1.9, 2.0, 2.1, 1.9, 2.0], 1, 6) > 0
    True
    """
    raw = np.asarray(losses, dtype=np.float64)
    skip_start = num_iter // 10
    seg = raw[skip_start: skip_start + i_min + 1] if len(raw) > skip_start else raw
    seg = seg[np.isfinite(seg)]
    if len(seg) < 5:
        return None
    return float(np.median(np.abs(np.diff(seg)))) / (math.sqrt(2) * 0.6745)


def per_decade(lrs) -> float | None:
    """Iterations per decade of an exponential sweep; ``None`` when the LRs are not geometric.

    >>> import numpy as np
    >>> f"{per_decade(np.logspace(-7, 1, 100)):.1f}", per_decade(np.linspace(1e-3, 1, 50))
    ('12.4', None)
    """
    lr = np.asarray(lrs, dtype=np.float64)
    lr = lr[np.isfinite(lr) & (lr > 0)]
    if len(lr) < 3:
        return None
    d = np.diff(np.log10(lr))
    if not (d > 0).all() or d.max() - d.min() > 1e-6 * d.mean():
        return None
    return float(1.0 / d.mean())


def sweep_note(lrs) -> str | None:
    """Why the ``lrkit`` rule's measured record may not hold for this sweep; ``None`` when it does.

    The rule reads where the loss falls, and how early it falls depends on how many
    steps the sweep spends at each LR: it was measured on 7.4-19.9 iterations per
    decade (find_lr's default is 12.4) and drifted low on a sweep of 37.4.

    >>> import numpy as np
    >>> sweep_note(np.logspace(-7, 1, 100)) is None
    True
    >>> sweep_note(np.logspace(-7, 1, 300))[:64]
    'the lrkit rule was measured on sweeps of 7.4-19.9 iterations per'
    """
    k = per_decade(lrs)
    if k is None:
        return ("the lrkit rule was measured on exponential sweeps (mode='exp'); on this sweep its "
                "suggestion has no record")
    lo, hi = MEASURED_DENSITIES
    if lo * (1 - 1e-9) <= k <= hi * (1 + 1e-9):
        return None
    return (f"the lrkit rule was measured on sweeps of {lo:.1f}-{hi:.1f} iterations per decade (best at "
            f"{MEASURED_PER_DECADE:.1f}: num_iter=100 over 1e-7..10); this one has {k:.1f}, and at 37.4 its "
            f"suggestions were 3-10x too low. For a suggestion with a record, sweep about "
            f"{MEASURED_PER_DECADE:.0f} iterations per decade (num_iter = 12.4 * log10(end_lr / start_lr) + 1)")
