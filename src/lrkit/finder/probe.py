"""The finder's own check of a low-confidence suggestion: short constant-LR runs from the same start.

When a range test's curve cannot be trusted, :func:`~lrkit.finder.find_lr` (``confirm="auto"``)
does what :func:`~lrkit.finder.confirm_lr` does with a user's training function, with the
model, loader and loss it already has: each run restores the model, optimizer and RNG
states taken before the sweep, trains ``steps`` optimizer steps at one constant LR and is
scored by the mean training loss of its last fifth (or, with ``val_loader``, the validation
loss at its end). When the best run sits right below one that diverged, the next lower LR is
taken if it scored almost as well (:func:`back_off`). The LRs tried are :func:`~lrkit.finder.confirm_lr`'s: the curve's
suggestion, ÷3 and ×3, up to :data:`~lrkit.finder.confirm.AUTO_EXTEND` more past an edge and
:data:`~lrkit.finder.confirm.AUTO_REFINE` rounds of refinement around the best.

Every run sees the same batches when they fit in :data:`REPLAY_BYTES` (drawn once after the
sweep and replayed); otherwise each run draws on from the loader (``replayed: False``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .confirm import AUTO_EXTEND, AUTO_REFINE, confirm_lr
from .state import restore

__all__ = ["Replay", "run_probe", "back_off", "REPLAY_BYTES", "TAIL", "NOTE", "CLIFF", "NEAR"]

#: Batches kept for replay, in bytes of their tensors (beyond this each run draws its own).
REPLAY_BYTES = 256 * 2 ** 20
#: How the confirmation's line in ``FinderResult.adaptations`` begins (it is not a change of the sweep).
NOTE = "confirmed by short runs:"
#: A diverged run at most this factor above the best one puts the best at the edge of stability ...
CLIFF = 1.8
#: ... and the next lower LR is taken instead when its score is within this fraction of the best's.
NEAR = 0.02
#: The share of a run's last steps whose mean training loss scores it.
TAIL = 0.2


def _nbytes(batch: Any) -> int:
    if hasattr(batch, "element_size") and hasattr(batch, "nelement"):
        return int(batch.element_size() * batch.nelement())
    if isinstance(batch, dict):
        return sum(_nbytes(v) for v in batch.values())
    if isinstance(batch, (list, tuple)):
        return sum(_nbytes(v) for v in batch)
    return 0


class Replay:
    """The same ``n`` batches on every pass, drawn once from ``source`` (an object with ``next()``),
    when they fit in ``limit`` bytes; else ``source`` itself, drawn on (``replayed`` is then False).

    >>> class Count:
    ...     i = 0
    ...     def next(self):
    ...         self.i += 1
    ...         return self.i
    >>> r = Replay(Count(), 3)
    >>> r.rewind(); [r.next() for _ in range(3)], r.replayed
    ([1, 2, 3], True)
    >>> r.rewind(); [r.next() for _ in range(3)]
    [1, 2, 3]
    """

    def __init__(self, source, n: int, limit: int = REPLAY_BYTES):
        self.source, self.kept, self.at = source, [], 0
        size = 0
        for _ in range(n):
            b = source.next()
            size += _nbytes(b)
            if size > limit:
                self.kept = None
                break
            self.kept.append(b)

    @property
    def replayed(self) -> bool:
        return self.kept is not None

    def rewind(self) -> None:
        self.at = 0

    def next(self):
        if self.kept is None:
            return self.source.next()
        b = self.kept[self.at % len(self.kept)]
        self.at += 1
        return b


def _score(losses: list[float]) -> float:
    """The mean of the last :data:`TAIL` of a run's training losses (at least 5 of them)."""
    w = max(5, int(round(TAIL * len(losses))))
    return float(np.mean(losses[-w:]))


def run_probe(test, model, optimizer, snap: dict, batches, lr: float, steps: int, bar=None) -> dict:
    """Short runs of ``steps`` optimizer steps around ``lr`` on the range test's model; what they found.

    ``test``: the :class:`~lrkit.finder.sweep.RangeTest` (its step, loss and validation);
    ``snap``: the snapshot taken before the sweep (restored before every run, RNG states too);
    ``batches``: the sweep's batch source; ``bar``: the sweep's tqdm bar (or ``None``), which announces the
    cost before the first run and counts the runs' steps.
    Returns plain data for ``FinderResult.probe`` (:func:`~lrkit.finder.confirm.Confirmation.to_dict`
    plus ``steps``, ``score``, ``replayed`` and ``backed_off_from``, the lowest-scoring LR when :func:`back_off`
    chose the next lower one, else ``None``). The caller restores the model afterwards.
    """
    source = Replay(batches, steps * test.cfg.accumulation_steps)
    val = test.val_loader is not None

    def train(x: float) -> float:
        restore(model, optimizer, snap)
        model.train()
        source.rewind()
        losses = []
        for _ in range(steps):
            v = test.train_step(x, source)
            if bar is not None:
                bar.update(1)
            if not math.isfinite(v):
                return math.inf
            losses.append(v)
        return test.validate() if val else _score(losses)

    what = (f"{steps} steps from the same start, scored by the "
            + ("validation loss at the end" if val else f"mean training loss of the last {100 * TAIL:.0f}%"))

    def announce(m: str) -> None:
        if bar is not None:
            bar.write(m.replace("confirm_lr: ", "find_lr: confirming the curve's suggestion with ", 1))
            bar.set_description("LR finder: confirming")
            bar.total = bar.n + (3 + AUTO_EXTEND + 2 * AUTO_REFINE) * steps  # the most it can take
            bar.refresh()

    conf = confirm_lr(train, lr, 3, mode="min", extend=AUTO_EXTEND, refine=AUTO_REFINE, what=what, announce=announce)
    out = {**conf.to_dict(), "steps": steps, "replayed": source.replayed, "backed_off_from": None,
           "score": "validation loss" if val else "training loss (mean of the last steps)"}
    safer = back_off(conf.lrs, conf.metrics)
    if safer is not None:
        out["backed_off_from"], out["best_lr"] = out["best_lr"], safer
        out["best_metric"] = conf.metrics[conf.lrs.index(safer)]
    return out


def back_off(lrs: list[float], scores: list[float]) -> float | None:
    """The next lower LR tried, when the best run's next higher neighbour (at most :data:`CLIFF` x
    above it) diverged and the lower one scored within :data:`NEAR` of the best; else ``None``.

    A short run cannot tell an LR at the edge of stability from one safely below it, and a
    longer run at the edge can still blow up, which costs far more than the little a slightly
    lower LR gives up.

    >>> back_off([0.1, 0.2, 0.3], [2.0, 1.99, float("inf")])
    0.1
    >>> back_off([0.1, 0.2, 0.3], [2.2, 1.99, float("inf")]) is None  # the lower one is clearly worse
    True
    >>> back_off([0.1, 0.2, 0.3], [2.0, 1.99, 2.5]) is None           # no divergence above
    True
    """
    finite = [i for i, m in enumerate(scores) if math.isfinite(m)]
    if not finite:
        return None
    i = min(finite, key=lambda j: scores[j])
    if i + 1 >= len(lrs) or math.isfinite(scores[i + 1]) or lrs[i + 1] > CLIFF * lrs[i] or i == 0:
        return None
    return lrs[i - 1] if scores[i - 1] <= scores[i] + NEAR * abs(scores[i]) else None
