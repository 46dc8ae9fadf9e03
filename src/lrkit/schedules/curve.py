"""The bound curve: a schedule resolved against a run, evaluated in closed form.

>>> import lrkit as lk
>>> c = lk.cosine().bind(total_steps=100)
>>> c(50, base_lr=0.1) == 0.05
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import LRKitError
from .units import Context
from .validate import check_int

if TYPE_CHECKING:  # pragma: no cover
    from .base import Schedule

__all__ = ["Curve"]


class Curve:
    """A schedule bound to a run: ``curve(step, base_lr)`` -> LR, in closed form.

    - ``step``: an int or an array of steps (0 is the first optimizer step).
    - ``base_lr``: a number, or an array of one base LR per param group; with an
      array of steps too, the result has shape ``(len(steps), len(groups))``.
    - ``reductions``: how many times a ``plateau(...)`` in the schedule has cut the LR.

    >>> import numpy as np, lrkit as lk
    >>> c = lk.parse("linear(start_factor=1, end_factor=0)").bind(total_steps=4)
    >>> c(np.arange(5), 2.0).tolist()
    [2.0, 1.5, 1.0, 0.5, 0.0]
    """

    def __init__(self, schedule: "Schedule", ctx: Context, per: str = "step"):
        if per not in ("step", "epoch"):
            raise LRKitError(f"bind: per must be 'step' or 'epoch', got {per!r}")
        if per == "epoch" and ctx.steps_per_epoch is None:
            raise LRKitError("bind: per='epoch' needs steps_per_epoch=…")
        self.schedule = schedule
        self.context = ctx
        self.per = per
        self._fn = schedule._bind(ctx, ctx.total_steps)
        self._momentum_fn = schedule._bind_momentum(ctx, ctx.total_steps)

    @property
    def total_steps(self) -> int | None:
        return self.context.total_steps

    @property
    def steps_per_epoch(self) -> int | None:
        return self.context.steps_per_epoch

    def _steps(self, step: Any) -> np.ndarray:
        """``step`` checked (finite, >= 0) as float64; with ``per="epoch"``, floored to its epoch's first step."""
        try:
            t = np.asarray(step)
            ok = t.size == 0 or (t.dtype.kind in "iu" and t.min() >= 0)
            t = t.astype(np.float64, copy=False)
        except (TypeError, ValueError, OverflowError):  # not numbers, or an int beyond float64
            ok, t = False, np.zeros(0)
        else:
            if not ok and t.size:
                ok = bool(t.min() >= 0 and np.isfinite(t.max()))  # a NaN fails the first test
        if not ok:
            raise LRKitError(f"curve: step must be finite and >= 0, got {step!r}")
        if self.per == "epoch":
            spe = float(self.context.steps_per_epoch)  # type: ignore[arg-type]
            t = np.floor(t / spe) * spe
        return t

    def __call__(self, step: Any, base_lr: Any = 1.0, *, reductions: int = 0) -> Any:
        t = self._steps(step)
        try:
            b = np.asarray(base_lr, dtype=np.float64)
        except (TypeError, ValueError, OverflowError):  # text, None, ragged lists
            b = np.full((1, 1), np.nan)  # fails the check below, with the same message
        if b.ndim > 1 or not np.all(np.isfinite(b)) or np.any(b < 0):
            raise LRKitError(f"curve: base_lr must be a number >= 0 or a 1-D array of them, got {base_lr!r}")
        reductions = check_int("curve", "reductions", reductions, ge=0, note="times a plateau cut the LR")
        if b.ndim == 1:
            t = t[..., None]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # unused branches of np.where
            out = self._fn(np, t, b, {"reductions": reductions})
        out = np.broadcast_to(out, np.broadcast_shapes(t.shape, b.shape)).astype(np.float64, copy=False)
        if out.ndim == 0:
            return float(out)
        return out

    def evaluate(self, step: Any, base_lr: Any = 1.0, *, xp: Any, reductions: Any = 0) -> Any:
        """The LR at ``step`` computed with the array namespace ``xp``: the same closed form, in any framework.

        ``xp`` is ``numpy``, ``jax.numpy`` or ``keras.ops`` (any namespace with
        ``where``, ``minimum``, ``maximum``, ``floor``, ``ceil``, ``clip``, ``cos``,
        ``tanh``, ``sqrt``, ``log``, ``zeros_like`` and arithmetic operators).
        ``step`` is an array of that namespace with a float dtype (the caller
        casts it: ``jnp.asarray(step, jnp.float32)``), possibly traced under
        ``jax.jit``, so it is not checked here; ``base_lr`` a number or an array
        of the same shape; ``reductions`` a number or a (framework) array, the
        plateau cuts decided so far. Nothing is precomputed per step: the cost is
        a few elementwise operations per family, whatever the run length.

        Every family runs this way but two, which need something only Python
        has: ``lambda_`` calls its function with the array of steps (so the
        function must use array operations), and ``cyclic(scale_fn=…)`` the
        same with its scale function. ``plateau`` applies ``reductions`` cuts
        in closed form (see :mod:`lrkit.schedules.plateau`); numpy's
        ``__call__`` applies them one at a time, as torch.

        >>> import numpy as np, lrkit as lk
        >>> c = (lk.warmup(10) >> lk.cosine()).bind(total_steps=110)
        >>> c.evaluate(np.array([5.0, 60.0]), 0.1, xp=np).round(6).tolist()
        [0.05, 0.05]
        """
        t = step
        if self.per == "epoch":
            spe = float(self.context.steps_per_epoch)  # type: ignore[arg-type]
            t = xp.floor(t / spe) * spe
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # numpy: unused where branches
            out = self._fn(xp, t, base_lr, {"reductions": reductions})
        return out + xp.zeros_like(t)

    @property
    def cycles_momentum(self) -> bool:
        """Whether the schedule sets the optimizer's momentum (``onecycle``, ``cyclic``)."""
        return self._momentum_fn is not None

    def momentum(self, step: Any) -> Any:
        """The momentum (SGD ``momentum`` / Adam ``beta1``) at ``step``, or ``None``.

        ``None`` when no part of the schedule cycles momentum. Otherwise a float
        (or an array shaped like ``step``); ``NaN`` at steps where the schedule
        leaves the optimizer's momentum alone (a ``>>`` part without momentum
        cycling, e.g. a warmup before a ``cyclic``). Momentum is the same for
        every param group. The torch adapter writes it like torch's
        ``OneCycleLR``/``CyclicLR`` do.

        >>> import lrkit as lk
        >>> c = lk.onecycle().bind(total_steps=100)
        >>> c.momentum(0), round(c.momentum(29), 6), c.momentum(99)
        (0.95, 0.85, 0.95)
        >>> lk.cosine().bind(total_steps=100).momentum(0) is None
        True
        """
        if self._momentum_fn is None:
            return None
        t = self._steps(step)
        out = np.broadcast_to(self._momentum_fn(t), t.shape).astype(np.float64, copy=False)
        return float(out) if out.ndim == 0 else out

    def __repr__(self) -> str:
        return (f"Curve({str(self.schedule)!r}, total_steps={self.total_steps}, "
                f"steps_per_epoch={self.steps_per_epoch}, per={self.per!r})")

    def __reduce__(self):
        return (_rebind, (self.schedule, self.context, self.per))


def _rebind(schedule: "Schedule", ctx: Context, per: str) -> Curve:
    return Curve(schedule, ctx, per)
