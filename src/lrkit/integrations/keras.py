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
schedule gathers from the curve evaluated once per step of the run (see
:mod:`lrkit.integrations._table`), held in a non-trainable variable so that
``PlateauCallback`` can update it without retracing. ``get_config`` returns the
constructor arguments, so a saved model reloads with the same schedule.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from ..errors import LRKitError, renamed_argument, require, warn_once
from ._table import as_schedule, lr_table

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

    def __init__(self, spec: Any, total_steps: int, base_lr: float, steps_per_epoch: int | None = None,
                 per: str = "step", reductions: int = 0):
        s = as_schedule(spec)
        # lr_table checks every argument (one LRKitError naming it) before anything is stored
        values = lr_table(s, total_steps=total_steps, base_lr=base_lr, steps_per_epoch=steps_per_epoch,
                          per=per, reductions=reductions).astype("float32")
        self.spec = str(s)
        self.total_steps = int(total_steps)
        self.base_lr = float(base_lr)
        self.steps_per_epoch = steps_per_epoch
        self.per = per
        self.reductions = int(reductions)
        self._schedule = s
        self._table = keras.Variable(values, trainable=False, dtype="float32", name="lrkit_lr_table")

    def _values(self) -> np.ndarray:
        return lr_table(self._schedule, total_steps=self.total_steps, base_lr=self.base_lr,
                        steps_per_epoch=self.steps_per_epoch, per=self.per,
                        reductions=self.reductions).astype("float32")

    def set_reductions(self, reductions: int) -> None:
        """Re-evaluate the table after a plateau reduction (same shape: no retrace)."""
        self.reductions = int(reductions)
        self._table.assign(self._values())

    def __call__(self, step: Any) -> Any:
        ops = keras.ops
        idx = ops.clip(ops.cast(step, "int32"), 0, self.total_steps)
        return ops.take(self._table, idx)

    def get_config(self) -> dict:
        return {"spec": self.spec, "total_steps": self.total_steps, "base_lr": self.base_lr,
                "steps_per_epoch": self.steps_per_epoch, "per": self.per, "reductions": self.reductions}

    def __reduce__(self) -> tuple:
        # pickled as its config (the constructor arguments): the Keras variable is rebuilt, not copied
        return (_from_config, (type(self), self.get_config()))


def _from_config(cls: type, config: dict) -> "LRKitSchedule":
    return cls.from_config(config)


@renamed_argument(spec="schedule")
def schedule(schedule: Any, total_steps: int, *, base_lr: float, steps_per_epoch: int | None = None,
             per: str = "step") -> LRKitSchedule:
    """A Keras ``LearningRateSchedule`` running ``schedule`` over ``total_steps`` optimizer steps.

    ``schedule``: spec text, a :class:`lrkit.Schedule` or its dict form. Pass the result as
    ``learning_rate=`` of any Keras optimizer; ``model.fit`` steps it.

    >>> s = schedule("linear", 4, base_lr=1.0)
    >>> [round(float(s(t)), 2) for t in range(6)]
    [1.0, 0.75, 0.5, 0.25, 0.0, 0.0]
    """
    return LRKitSchedule(schedule, total_steps, base_lr, steps_per_epoch, per)


class PlateauCallback(keras.callbacks.Callback):
    """Feed a metric to the ``plateau(...)`` of an lrkit Keras schedule after each epoch.

    ``PlateauCallback(schedule, monitor="val_loss")``: the plateau's decisions
    (mode, patience, threshold, cooldown …) are those of torch's
    ReduceLROnPlateau; a reduction re-evaluates the schedule's LR table.
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

