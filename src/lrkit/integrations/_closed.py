"""What the JAX and Keras adapters share: the checked arguments and the bound curve they evaluate.

Both adapters evaluate the schedule's own closed form with the framework's
array namespace (:meth:`lrkit.Curve.evaluate` with ``jax.numpy`` or
``keras.ops``), so the LR is a few elementwise operations of the step under
``jax.jit`` or in any Keras backend: no table of per-step values, any run
length. The step is clamped to ``[0, total_steps]``: past the end of the run
the final LR is held.

>>> s, curve, base = bind_run("warmup(2) >> linear", total_steps=4, base_lr=1.0)
>>> import numpy as np
>>> curve.evaluate(np.arange(5.0), base, xp=np).tolist()
[0.0, 0.5, 1.0, 0.5, 0.0]
"""

from __future__ import annotations

from typing import Any

from ..schedules import Curve, Schedule
from ..schedules.validate import check_float, check_int
from ..spec import as_schedule

__all__ = ["bind_run"]


def bind_run(spec: Any, *, total_steps: Any, base_lr: Any, steps_per_epoch: int | None = None,
             per: str = "step", tokens_per_step: float | None = None,
             samples_per_step: float | None = None) -> tuple[Schedule, Curve, float]:
    """``(schedule, curve, base_lr)`` for a framework adapter, every argument checked (one error naming it).

    ``total_steps`` is optimizer steps, or the run as a budget (``"300Btok"``, ``"2Msp"``)
    that ``tokens_per_step`` / ``samples_per_step`` convert, as in :meth:`lrkit.Schedule.bind`.
    """
    total = total_steps if isinstance(total_steps, str) else check_int(
        "", "total_steps", total_steps, ge=1, note="the run length in optimizer steps")
    base = check_float("", "base_lr", base_lr, ge=0, rule="a number >= 0", note="the LR the schedule multiplies")
    s = as_schedule(spec)
    curve = s.bind(total_steps=total, steps_per_epoch=steps_per_epoch, per=per, tokens_per_step=tokens_per_step,
                   samples_per_step=samples_per_step)
    return s, curve, base
