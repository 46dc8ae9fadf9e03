"""JAX / optax: an lrkit schedule as a jit-compatible function of the step.

>>> import jax, jax.numpy as jnp
>>> from lrkit.integrations.jax import schedule
>>> fn = schedule("warmup(10) >> cosine", total_steps=110, base_lr=0.1)
>>> float(jax.jit(fn)(jnp.asarray(60)))  # doctest: +ELLIPSIS
0.05...

Use it wherever optax takes a learning rate: ``optax.adamw(learning_rate=fn)``.
The function is the schedule's closed form written with ``jax.numpy`` (see
:meth:`lrkit.Curve.evaluate`): a few elementwise operations of the step, no
table, any run length, no Python branching on the traced step; it holds the
final LR past ``total_steps``.

Precision: JAX computes in float32 unless 64-bit mode is on
(``jax.config.update("jax_enable_x64", True)``, then float64). In float32 the
step itself is rounded to 24 bits (to a multiple of 64 near 10^9 steps) and
every operation to float32, so the LR differs from lrkit's float64 numpy
curve by a few float32 rounding steps of the base LR: at most
``3e-7 * base_lr`` on every family at 10^9 steps (tests/integrations/test_jax.py).
"""

from __future__ import annotations

from typing import Any, Callable

from ..errors import LRKitError, renamed_argument, require
from ._closed import bind_run

jnp = require("jax.numpy", by="lrkit.jax", install="pip install jax optax")

__all__ = ["schedule"]


@renamed_argument(spec="schedule")
def schedule(schedule: Any, total_steps: int | str, *, base_lr: float, steps_per_epoch: int | None = None,
             per: str = "step", dtype: str = "float32", tokens_per_step: float | None = None,
             samples_per_step: float | None = None) -> Callable[[Any], Any]:
    """An optax-style schedule ``step -> lr`` for ``schedule`` over a run of ``total_steps``.

    - ``schedule``: spec text, a :class:`lrkit.Schedule` or its dict form.
    - ``base_lr``: the peak/base LR the schedule multiplies (absolute families ignore it).
    - ``steps_per_epoch``: needed for durations in epochs (``"5ep"``); ``per="epoch"`` for the staircase.
    - ``tokens_per_step`` / ``samples_per_step``: tokens or samples in one optimizer step (the global
      batch), needed for ``"375Mtok"`` / ``"50ksp"`` durations; ``total_steps`` may then be such a
      budget (``"300Btok"``). A budget that is not a whole number of steps rounds up.

    A ``plateau(...)`` needs a metric fed at run time: with optax, use
    ``optax.contrib.reduce_on_plateau`` instead (this raises).

    >>> fn = schedule("cosine", 100, base_lr=1.0)
    >>> float(fn(0)), float(fn(100)), float(fn(1000))
    (1.0, 0.0, 0.0)
    """
    s, curve, base = bind_run(schedule, total_steps=total_steps, base_lr=base_lr, steps_per_epoch=steps_per_epoch,
                              per=per, tokens_per_step=tokens_per_step, samples_per_step=samples_per_step)
    if any(node.name == "plateau" for node in s.walk()):
        raise LRKitError("lrkit.jax: plateau(...) reacts to a validation metric, which an optax schedule never "
                         "sees; chain optax.contrib.reduce_on_plateau instead")
    jax = require("jax", by="lrkit.jax", install="pip install jax optax")
    compute = jnp.float64 if jax.config.jax_enable_x64 else jnp.float32
    last = float(curve.total_steps)  # type: ignore[arg-type]

    def lr(step: Any) -> Any:
        t = jnp.clip(jnp.asarray(step, dtype=compute), 0.0, last)
        return jnp.asarray(curve.evaluate(t, base, xp=jnp), dtype=dtype)

    lr.spec = str(s)  # type: ignore[attr-defined]
    return lr
