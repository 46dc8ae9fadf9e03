"""The series a rule reads, what a rule returns, and the helpers rules share (numpy only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Series", "Hit", "SeriesRule", "rolling_median", "finite_lr"]


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


def finite_lr(s: Series) -> tuple[np.ndarray, np.ndarray]:
    ok = np.isfinite(s.lr)
    return s.steps[ok], s.lr[ok]


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
