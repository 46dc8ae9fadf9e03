"""JAX / optax: an lrkit schedule as a jit-compatible function of the step.

>>> import jax, jax.numpy as jnp
>>> from lrkit.integrations.jax import schedule
>>> fn = schedule("warmup(10) >> cosine", total_steps=110, base_lr=0.1)
>>> float(jax.jit(fn)(jnp.asarray(60)))  # doctest: +ELLIPSIS
0.05...

Use it wherever optax takes a learning rate: ``optax.adamw(learning_rate=fn)``.
The function gathers from the curve evaluated once for every step of the run
(see :mod:`lrkit.integrations._table`): jnp ops only, no Python branching on
the traced step, holds the final LR past ``total_steps``.
"""

from __future__ import annotations

from typing import Any, Callable

from ..errors import LRKitError, renamed_argument, require
from ._table import as_schedule, lr_table

jnp = require("jax.numpy", by="lrkit.jax", install="pip install jax optax")

__all__ = ["schedule"]


@renamed_argument(spec="schedule")
def schedule(schedule: Any, total_steps: int, *, base_lr: float, steps_per_epoch: int | None = None,
             per: str = "step", dtype: str = "float32") -> Callable[[Any], Any]:
    """An optax-style schedule ``step -> lr`` for ``schedule`` over a run of ``total_steps``.

    - ``schedule``: spec text, a :class:`lrkit.Schedule` or its dict form.
    - ``base_lr``: the peak/base LR the schedule multiplies (absolute families ignore it).
    - ``steps_per_epoch``: needed for durations in epochs (``"5ep"``); ``per="epoch"`` for the staircase.

    A ``plateau(...)`` needs a metric fed at run time: with optax, use
    ``optax.contrib.reduce_on_plateau`` instead (this raises).

    >>> fn = schedule("cosine", 100, base_lr=1.0)
    >>> float(fn(0)), float(fn(100)), float(fn(1000))
    (1.0, 0.0, 0.0)
    """
    s = as_schedule(schedule)
    if any(node.name == "plateau" for node in s.walk()):
        raise LRKitError("lrkit.jax: plateau(...) reacts to a validation metric, which an optax schedule never "
                         "sees; chain optax.contrib.reduce_on_plateau instead")
    table = jnp.asarray(lr_table(s, total_steps=total_steps, base_lr=base_lr, steps_per_epoch=steps_per_epoch,
                                 per=per), dtype=dtype)
    last = int(total_steps)

    def lr(step: Any) -> Any:
        idx = jnp.clip(jnp.asarray(step, dtype=jnp.int32), 0, last)
        return table[idx]

    lr.spec = str(s)  # type: ignore[attr-defined]
    return lr
