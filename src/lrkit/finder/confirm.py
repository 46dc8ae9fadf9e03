""":func:`confirm_lr`: a few short training runs at the suggested LR and around it, the best one kept.

The honest fallback when a range test's curve cannot be trusted (low confidence): it
costs ``k`` short runs, stated before they start, and measures the metric you care
about instead of reading it off a curve.
"""

from __future__ import annotations

import math
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from ..errors import LRKitError
from ..schedules.validate import check_float, check_int

__all__ = ["confirm_lr", "Confirmation", "candidate_lrs", "AUTO_EXTEND", "AUTO_REFINE"]

#: ``extend="auto"``: the extra runs past an edge when confirming a low-confidence FinderResult.
AUTO_EXTEND = 4
#: ``refine="auto"``: the rounds of refinement (2 runs each) when confirming a low-confidence FinderResult.
AUTO_REFINE = 2


def candidate_lrs(lr: float, k: int = 3, factor: float = 3.0) -> list[float]:
    """The ``k`` LRs :func:`confirm_lr` tries: ``lr``, then ``lr / factor``, ``lr * factor``,
    ``lr / factor**2``, ``lr * factor**2`` … (the first ``k`` of these), in increasing order.

    >>> [f"{x:.3g}" for x in candidate_lrs(0.1)]
    ['0.0333', '0.1', '0.3']
    >>> [f"{x:.3g}" for x in candidate_lrs(0.1, 4, 2.0)]
    ['0.025', '0.05', '0.1', '0.2']
    """
    out = [float(lr)]
    j = 1
    while len(out) < k:
        out.append(float(lr) / factor ** j)
        if len(out) < k:
            out.append(float(lr) * factor ** j)
        j += 1
    return sorted(out)


@dataclass
class Confirmation:
    """What :func:`confirm_lr` measured: each LR tried, its metric, and the best.

    ``lrs`` and ``metrics`` in increasing LR (a run whose metric is not finite, e.g. one that
    diverged, counts as the worst); ``best_lr``/``best_metric``; ``suggested``: the LR it was
    asked to confirm; ``moved``: whether the best is another LR; ``seconds``: the wall time.
    """

    suggested: float
    lrs: list
    metrics: list
    mode: str
    seconds: float = 0.0
    seconds_each: list = field(default_factory=list)

    def score(self, m: float) -> float:
        """``m`` as larger-is-better (a loss is negated); a non-finite metric scores lowest."""
        if not math.isfinite(m):
            return -math.inf
        return m if self.mode == "max" else -m

    @property
    def best_lr(self) -> float:
        return self.lrs[max(range(len(self.lrs)), key=lambda i: self.score(self.metrics[i]))]

    @property
    def best_metric(self) -> float:
        return self.metrics[self.lrs.index(self.best_lr)]

    @property
    def moved(self) -> bool:
        return self.best_lr != self.suggested

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (a non-finite metric as ``None``)."""
        return {"suggested": self.suggested, "mode": self.mode, "best_lr": self.best_lr,
                "best_metric": self.best_metric if math.isfinite(self.best_metric) else None,
                "runs": [{"lr": lr, "metric": m if math.isfinite(m) else None}
                         for lr, m in zip(self.lrs, self.metrics)], "seconds": self.seconds}

    def __repr__(self) -> str:
        rows = ", ".join(f"{lr:.3g}: {m:.4g}" for lr, m in zip(self.lrs, self.metrics))
        return f"Confirmation(best_lr={self.best_lr:.3g}, best_metric={self.best_metric:.4g}, {self.mode}; {rows})"


def _check(train, lr, k, factor, mode, seconds_per_run, extend, refine) -> tuple[float, int, int]:
    if not callable(train):
        raise LRKitError(f"confirm_lr: train must be a function lr -> metric, got {type(train).__name__}")
    low = False
    if hasattr(lr, "suggestions") and callable(lr.suggestions):  # a FinderResult
        low = getattr(lr, "confidence", "high") == "low"
        got = lr.suggestions()
        lr = got.get("confirmed", got.get("lrkit"))
        if lr is None:
            raise LRKitError("confirm_lr: the finder result has no lrkit suggestion to confirm (its curve is "
                             "unusable); pass an LR")
    lr = check_float("confirm_lr", "lr", lr, gt=0, rule="a finite number > 0 or a FinderResult", shown=repr(lr))
    check_int("confirm_lr", "k", k, ge=1, note="the number of runs")
    factor = check_float("confirm_lr", "factor", factor, gt=1, rule="a number > 1", shown=repr(factor))
    if mode not in ("max", "min"):
        raise LRKitError(f"confirm_lr: mode must be 'max' (accuracy) or 'min' (loss), got {mode!r}")
    if seconds_per_run is not None and (isinstance(seconds_per_run, bool) or
                                        not isinstance(seconds_per_run, (int, float)) or not seconds_per_run > 0):
        raise LRKitError(f"confirm_lr: seconds_per_run must be a number > 0 or None, got {seconds_per_run!r}")
    if isinstance(extend, str) and extend == "auto":
        extend = AUTO_EXTEND if low else 0
    elif isinstance(extend, bool) or not isinstance(extend, int) or extend < 0:
        raise LRKitError(f"confirm_lr: extend must be a whole number >= 0 (extra runs past an edge) or 'auto', "
                         f"got {extend!r}")
    if isinstance(refine, str) and refine == "auto":
        refine = AUTO_REFINE if low else 0
    elif isinstance(refine, bool) or not isinstance(refine, int) or not 0 <= refine <= 6:
        raise LRKitError(f"confirm_lr: refine must be a whole number from 0 to 6 (rounds of 2 runs around the "
                         f"best) or 'auto', got {refine!r}")
    return float(lr), extend, refine


def refine_factors(factor: float, rounds: int) -> list[float]:
    """The steps of :func:`confirm_lr`'s refinement: round ``r`` tries best / f and best * f with
    f = ``factor ** (1 / 2**r)`` (half the previous spacing in log-LR).

    >>> [f"{f:.3g}" for f in refine_factors(3.0, 2)]
    ['1.73', '1.32']
    """
    return [float(factor) ** (0.5 ** r) for r in range(1, rounds + 1)]


def _metric(train, x: float) -> float:
    m = train(x)
    if isinstance(m, bool) or not isinstance(m, (int, float)):
        try:
            m = float(m)
        except (TypeError, ValueError):
            raise LRKitError(f"confirm_lr: train({x:.3g}) must return a number (the metric), "
                             f"got {type(m).__name__}") from None
    return float(m)


def confirm_lr(train: Callable[[float], float], lr, k: int = 3, *, factor: float = 3.0, mode: str = "max",
               extend: int | str = "auto", refine: int | str = "auto", seconds_per_run: float | None = None,
               what: str = "your train function", announce: Callable[[str], Any] | None = None) -> Confirmation:
    """Train ``k`` short runs at ``lr`` and around it (÷factor, ×factor, …) and keep the best.

    - ``train(lr) -> metric``: one short run at that LR, returning the metric to compare;
      it should use the same budget and seed on every call, so the runs differ only in LR.
    - ``lr``: the LR to confirm, or a :class:`~lrkit.finder.FinderResult` (its ``lrkit`` suggestion).
    - ``k`` runs at :func:`candidate_lrs` ``(lr, k, factor)``: 3 gives ``lr/3, lr, 3*lr``.
    - ``extend``: when the best of those is the lowest or the highest LR tried (an edge: the
      best may lie beyond it), up to ``extend`` more runs, each ``factor`` further in that
      direction, stopping at the first that is not better. ``"auto"`` (default): 4 when ``lr`` is
      a FinderResult of low confidence (its suggestion can be off by 10x or more), else 0.
    - ``refine``: then up to ``refine`` rounds of 2 runs around the best so far, at best / f and
      best * f with f = ``factor ** (1/2)``, then ``factor ** (1/4)`` … (:func:`refine_factors`;
      an LR already tried is not run again): between the bracket's LRs, 3x apart, the best of a
      jumpy metric can sit at neither. ``"auto"`` (default): 2 when ``lr`` is a FinderResult of
      low confidence, else 0.
    - ``mode``: ``"max"`` when higher is better (accuracy), ``"min"`` for a loss. A run
      that returns a non-finite metric (it diverged) counts as the worst.
    - The cost is stated before the first run (the ``k`` runs, and the most ``extend`` and
      ``refine`` can add): passed to ``announce`` (default: printed to stderr), with ``seconds_per_run``
      (your estimate of one run) when given.

    >>> def train(lr):  # a toy "short run" whose best LR is 0.3
    ...     return -abs(__import__("math").log10(lr / 0.3))
    >>> said = []
    >>> c = confirm_lr(train, 0.1, announce=said.append)
    >>> said[0]
    'confirm_lr: 3 runs of your train function at lr = 0.0333, 0.1, 0.3 (the same budget and seed each)'
    >>> f"{c.best_lr:.3g}", c.moved
    ('0.3', True)
    >>> c = confirm_lr(train, 0.01, extend=3, announce=said.append)  # 30x low: 0.03 is an edge, so 0.09, 0.27, 0.81
    >>> said[1]
    'confirm_lr: 3 runs of your train function at lr = 0.00333, 0.01, 0.03, and up to 3 more past an edge (x3 each) if the best is there (the same budget and seed each)'
    >>> [f"{x:.2g}" for x in c.lrs], f"{c.best_lr:.2g}"
    (['0.0033', '0.01', '0.03', '0.09', '0.27', '0.81'], '0.27')
    >>> c = confirm_lr(train, 0.1, refine=1, announce=said.append)  # then 0.3 / 1.73 and 0.3 * 1.73
    >>> said[2]
    'confirm_lr: 3 runs of your train function at lr = 0.0333, 0.1, 0.3, and up to 2 more around the best (x1.73) (the same budget and seed each)'
    >>> [f"{x:.2g}" for x in c.lrs]
    ['0.033', '0.1', '0.17', '0.3', '0.52']
    """
    lr, extend, refine = _check(train, lr, k, factor, mode, seconds_per_run, extend, refine)
    lrs = candidate_lrs(lr, k, factor)
    steps = refine_factors(factor, refine)
    msg = f"confirm_lr: {k} run{'s' if k > 1 else ''} of {what} at lr = {', '.join(f'{x:.3g}' for x in lrs)}"
    if extend:
        msg += f", and up to {extend} more past an edge (x{factor:g} each) if the best is there"
    if refine:
        msg += f", and up to {2 * refine} more around the best (x{', x'.join(f'{f:.3g}' for f in steps)})"
    msg += " (the same budget and seed each)"
    if seconds_per_run is not None:
        msg += f": about {k * seconds_per_run:.3g} s ({seconds_per_run:.3g} s per run)"
        if extend or refine:
            msg += f", at most {(k + extend + 2 * refine) * seconds_per_run:.3g} s"
    (announce or (lambda m: print(m, file=sys.stderr, flush=True)))(msg)
    c = Confirmation(lr, [], [], mode)
    t0 = time.perf_counter()
    for x in lrs:
        _run(c, train, x)
    step = _edge(c)
    for _ in range(extend if step else 0):
        best = c.score(c.best_metric)
        m = _run(c, train, (c.lrs[-1] * factor) if step > 0 else (c.lrs[0] / factor))
        if not c.score(m) > best:
            break
    for f in steps:
        centre = c.best_lr
        for x in (centre / f, centre * f):
            if not any(abs(math.log(x / y)) < 1e-6 for y in c.lrs):
                _run(c, train, x)
    c.seconds = time.perf_counter() - t0
    return c


def _run(c: Confirmation, train, x: float) -> float:
    """One run at ``x``, recorded on ``c`` in increasing-LR order; returns its metric."""
    t1 = time.perf_counter()
    m = _metric(train, x)
    at = sum(y < x for y in c.lrs)
    c.lrs.insert(at, x)
    c.metrics.insert(at, m)
    c.seconds_each.insert(at, time.perf_counter() - t1)
    return m


def _edge(c: Confirmation) -> int:
    """+1 when the best run is the highest LR tried, -1 when the lowest (and more than one ran), else 0."""
    if len(c.lrs) < 2:
        return 0
    i = c.lrs.index(c.best_lr)
    return 1 if i == len(c.lrs) - 1 else (-1 if i == 0 else 0)
