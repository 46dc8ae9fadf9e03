"""The LR table that framework adapters without a Python step hook index into.

Keras schedules and optax schedules are called with a (possibly traced) step
tensor. Rather than re-writing every family's formula in each framework's ops,
the closed-form curve is evaluated once, in float64 by numpy, for every step of
the run, and the framework function is a clamped gather from that table: exact
to the framework's float precision, jit-compatible, with no Python branching on
traced values. Past the end of the run it holds the final value.

>>> from lrkit.integrations._table import lr_table
>>> lr_table("warmup(2) >> linear", total_steps=4, base_lr=1.0).tolist()
[0.0, 0.5, 1.0, 0.5, 0.0]
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import LRKitError
from ..spec import as_schedule

__all__ = ["as_schedule", "lr_table"]  # as_schedule: re-exported from lrkit.spec

_MAX_TABLE = 50_000_000


def lr_table(spec: Any, *, total_steps: int, base_lr: float, steps_per_epoch: int | None = None,
             per: str = "step", reductions: int = 0) -> np.ndarray:
    """The LR at steps ``0..total_steps`` (inclusive) as a float64 array."""
    if isinstance(total_steps, bool) or not isinstance(total_steps, (int, np.integer)) or total_steps < 1:
        raise LRKitError(f"total_steps must be a whole number >= 1 (the run length the table covers), "
                         f"got {total_steps!r}")
    if total_steps > _MAX_TABLE:
        raise LRKitError(f"total_steps={total_steps} is over the {_MAX_TABLE:,}-step table limit")
    if isinstance(base_lr, bool) or not isinstance(base_lr, (int, float, np.integer, np.floating)) \
            or not math.isfinite(base_lr) or base_lr < 0:
        raise LRKitError(f"base_lr must be a number >= 0 (the LR the schedule multiplies), got {base_lr!r}")
    curve = as_schedule(spec).bind(total_steps=int(total_steps), steps_per_epoch=steps_per_epoch, per=per)
    return curve(np.arange(int(total_steps) + 1), float(base_lr), reductions=reductions)
