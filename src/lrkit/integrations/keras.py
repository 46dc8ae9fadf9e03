"""Keras 3: an lrkit schedule as a ``keras.optimizers.schedules.LearningRateSchedule``.

>>> import os; os.environ.setdefault("KERAS_BACKEND", "torch")  # doctest: +ELLIPSIS
'...'
>>> from lrkit.integrations.keras import schedule
>>> s = schedule("warmup(10) >> cosine", total_steps=110, base_lr=0.1)
>>> round(float(s(60)), 6)
0.05
>>> s.get_config()["spec"]
'warmup(10) >> cosine'

Works with every Keras backend (the tests use ``KERAS_BACKEND=torch``): the
schedule is the closed form written with ``keras.ops`` (see
:meth:`lrkit.Curve.evaluate`), computed in Keras' float type (``floatx``,
float32 by default: the same accuracy as :mod:`lrkit.jax`) and returned as
float32; no table, any run length. A ``plateau(...)``'s cut count is a non-trainable variable that
``PlateauCallback`` updates without retracing. ``get_config`` returns the
constructor arguments, so a saved model reloads with the same schedule.
"""

from __future__ import annotations

import os
from typing import Any

from ..errors import LRKitError, renamed_argument, require, warn_once
from ..schedules.validate import check_int
from ._closed import bind_run

__all__ = ["schedule", "LRKitSchedule", "PlateauCallback"]


def _backend_hint() -> str:
    backend = os.environ.get("KERAS_BACKEND") or "tensorflow (Keras's default)"
    return (f"Keras 3 imports its backend as it loads, here {backend}: choose an installed one with "
            "KERAS_BACKEND=torch or KERAS_BACKEND=jax (set before Keras is imported), or install that backend")


keras = require("keras", by="lrkit.keras", install="pip install keras, and a backend (torch, jax or tensorflow)",
                broken_hint=_backend_hint())


@keras.saving.register_keras_serializable(package="lrkit", name="LRKitSchedule")
class LRKitSchedule(keras.optimizers.schedules.LearningRateSchedule):
    """An lrkit spec over ``total_steps`` optimizer steps, as a Keras LearningRateSchedule."""

    def __init__(self, spec: Any, total_steps: int | str, base_lr: float, steps_per_epoch: int | None = None,
                 per: str = "step", reductions: int = 0, tokens_per_step: float | None = None,
                 samples_per_step: float | None = None):
        # every argument is checked (one LRKitError naming it) before anything is stored
        s, curve, base = bind_run(spec, total_steps=total_steps, base_lr=base_lr,
                                  steps_per_epoch=steps_per_epoch, per=per, tokens_per_step=tokens_per_step,
                                  samples_per_step=samples_per_step)
        self.tokens_per_step = curve.context.tokens_per_step
        self.samples_per_step = curve.context.samples_per_step
        self.reductions = check_int("", "reductions", reductions, ge=0, note="times a plateau cut the LR")
        self.spec = str(s)
        self.total_steps = int(curve.total_steps)  # type: ignore[arg-type]
        self.base_lr = base
        self.steps_per_epoch = steps_per_epoch
        self.per = per
        self._schedule = s
        self._curve = curve
        self._dtype = keras.backend.floatx()  # keras.ops computes in it (float32 by default)
        self._reductions = keras.Variable(float(self.reductions), trainable=False, dtype=self._dtype,
                                          name="lrkit_reductions")

    def set_reductions(self, reductions: int) -> None:
        """Apply a plateau reduction count (a variable: no retrace)."""
        self.reductions = int(reductions)
        self._reductions.assign(float(self.reductions))

    def __call__(self, step: Any) -> Any:
        ops = keras.ops
        t = ops.clip(ops.cast(step, self._dtype), 0.0, float(self.total_steps))
        lr = self._curve.evaluate(t, self.base_lr, xp=ops, reductions=self._reductions)
        return ops.cast(lr, "float32")

    def get_config(self) -> dict:
        rates = {k: v for k, v in (("tokens_per_step", self.tokens_per_step),
                                   ("samples_per_step", self.samples_per_step)) if v is not None}
        return {"spec": self.spec, "total_steps": self.total_steps, "base_lr": self.base_lr,
                "steps_per_epoch": self.steps_per_epoch, "per": self.per, "reductions": self.reductions, **rates}

    def __reduce__(self) -> tuple:
        # pickled as its config (the constructor arguments): the Keras variable is rebuilt, not copied
        return (_from_config, (type(self), self.get_config()))


def _from_config(cls: type, config: dict) -> "LRKitSchedule":
    return cls.from_config(config)


@renamed_argument(spec="schedule")
def schedule(schedule: Any, total_steps: int | str, *, base_lr: float, steps_per_epoch: int | None = None,
             per: str = "step", tokens_per_step: float | None = None,
             samples_per_step: float | None = None) -> LRKitSchedule:
    """A Keras ``LearningRateSchedule`` running ``schedule`` over ``total_steps`` optimizer steps.

    ``schedule``: spec text, a :class:`lrkit.Schedule` or its dict form. Pass the result as
    ``learning_rate=`` of any Keras optimizer; ``model.fit`` steps it. ``tokens_per_step`` /
    ``samples_per_step`` convert ``"375Mtok"`` / ``"50ksp"`` durations (and a ``total_steps``
    given as such a budget) to optimizer steps, rounding up.

    >>> s = schedule("linear", 4, base_lr=1.0)
    >>> [round(float(s(t)), 2) for t in range(6)]
    [1.0, 0.75, 0.5, 0.25, 0.0, 0.0]
    >>> schedule("warmup(64sp) >> linear", "256sp", base_lr=1.0, samples_per_step=32).total_steps
    8
    """
    return LRKitSchedule(schedule, total_steps, base_lr, steps_per_epoch, per,
                         tokens_per_step=tokens_per_step, samples_per_step=samples_per_step)


class PlateauCallback(keras.callbacks.Callback):
    """Feed a metric to the ``plateau(...)`` of an lrkit Keras schedule after each epoch.

    ``PlateauCallback(schedule, monitor="val_loss")``: the plateau's decisions
    (mode, patience, threshold, cooldown …) are those of torch's
    ReduceLROnPlateau; a reduction updates the schedule's cut count.
    An epoch without validation (``validation_freq > 1``) is skipped, as Keras's own
    ReduceLROnPlateau does; a metric that never arrives is warned about at the end
    of ``fit``; a wrong metric name (validation ran, the name is not logged) raises.
    """

    def __init__(self, schedule: Any, monitor: str = "val_loss"):
        super().__init__()
        if not isinstance(schedule, LRKitSchedule):
            raise LRKitError(f"PlateauCallback: schedule must be the lrkit.keras.schedule(...) the optimizer "
                             f"uses, got {type(schedule).__name__}")
        plateaus = [n for n in schedule._schedule.walk() if n.name == "plateau"]
        if len(plateaus) != 1:
            raise LRKitError(f"PlateauCallback: the schedule must hold exactly one plateau(...), "
                             f"got {len(plateaus)} in {schedule.spec!r}")
        self.schedule = schedule
        self.monitor = monitor
        self._fed = self._skipped = 0
        self.controller = plateaus[0].controller()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        if self.monitor not in logs:
            if self.monitor.startswith("val_") and not any(k.startswith("val_") for k in logs):
                self._skipped += 1  # no validation this epoch (validation_freq > 1, or none at all)
                return
            raise LRKitError(f"PlateauCallback: metric {self.monitor!r} is not in the epoch logs "
                             f"({', '.join(sorted(logs)) or 'none'}); pass monitor=one of them")
        self._fed += 1
        self.controller.step(float(logs[self.monitor]))
        if self.controller.reductions != self.schedule.reductions:
            self.schedule.set_reductions(self.controller.reductions)

    def on_train_end(self, logs: dict | None = None) -> None:
        if self._skipped and not self._fed:
            warn_once(self, "keras-plateau-unfed",
                      f"PlateauCallback: {self.monitor!r} was never in the epoch logs, so plateau(...) never "
                      "cut the LR; pass validation_data to fit()")

