"""Seed statistics for a comparison: mean ± std, a t-interval, Welch's t-test.

- ``std`` is the sample standard deviation (``ddof=1``) over seeds.
- The 95% interval is ``mean ± t(0.975, n-1) * std / sqrt(n)`` (Student's t),
  an interval for the *mean over seeds*, not for one run.
- Two schedules differ "beyond seed noise" when Welch's t-test (unequal
  variances) on their per-seed values gives ``p < 0.05``. With 3 seeds the
  test has little power: it finds only differences several times the seed
  spread, and "within noise" means "not shown", not "equal". p-values are not
  corrected for the number of comparisons.

>>> s = summarize([0.95, 0.96, 0.97])
>>> round(s["mean"], 6), round(s["std"], 6), [round(x, 4) for x in s["ci95"]]
(0.96, 0.01, [0.9352, 0.9848])
>>> round(welch_p([1.0, 1.1, 0.9], [2.0, 2.1, 1.9]), 5)
0.00026
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

__all__ = ["summarize", "welch_p", "ALPHA"]

ALPHA = 0.05


def summarize(values: Sequence[float]) -> dict:
    """``n``, ``mean``, ``std`` (ddof=1), ``ci95`` (t-interval of the mean) of the finite values."""
    from scipy import stats

    v = np.asarray([x for x in values if x is not None and math.isfinite(x)], dtype=float)
    n = int(v.size)
    if n == 0:
        return {"n": 0, "mean": float("nan"), "std": float("nan"), "ci95": [float("nan")] * 2}
    mean = float(v.mean())
    if n == 1:
        return {"n": 1, "mean": mean, "std": float("nan"), "ci95": [float("nan")] * 2}
    std = float(v.std(ddof=1))
    half = float(stats.t.ppf(0.975, n - 1)) * std / math.sqrt(n)
    return {"n": n, "mean": mean, "std": std, "ci95": [mean - half, mean + half]}


def welch_p(a: Sequence[float], b: Sequence[float]) -> float:
    """Two-sided p-value of Welch's t-test between ``a`` and ``b`` (nan when it cannot be computed)."""
    from scipy import stats

    a = np.asarray([x for x in a if math.isfinite(x)], dtype=float)
    b = np.asarray([x for x in b if math.isfinite(x)], dtype=float)
    if a.size < 2 or b.size < 2:
        return float("nan")
    if a.std(ddof=1) == 0 and b.std(ddof=1) == 0:
        return 0.0 if a.mean() != b.mean() else 1.0
    return float(stats.ttest_ind(a, b, equal_var=False).pvalue)
