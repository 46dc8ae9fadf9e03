"""Comparisons on the built-in tasks: the ``train_fn`` and the LR finder behind ``auto``.

:class:`TaskTrainer` is a picklable ``train_fn`` for :func:`lrkit.compare`
(so worker processes can rebuild it) that trains a built-in task;
:class:`TaskFinder` runs the LR finder on the task's model, optimizer and data
and gives its suggestion and suggested range from that one run (what
``lr=auto``, ``base_lr=auto.min`` and ``max_lr=auto.max`` become).
:func:`compare_task` puts them together (what ``lrkit compare --task`` runs).

>>> t = TaskTrainer("digits-mlp", epochs=2)
>>> t.task.name, t.epochs
('digits-mlp', 2)
"""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ..errors import LRKitError
from .specs import auto_values
from .tasks import get_task

__all__ = ["TaskTrainer", "TaskFinder", "compare_task", "study_name_for"]


@dataclass(frozen=True)
class TaskTrainer:
    """``train_fn(schedule, seed, report, lr=None)`` training the built-in task ``name``."""

    name: str
    epochs: int | None = None
    optimizer: str | None = None
    lr: float | None = None

    @property
    def task(self):
        return get_task(self.name, self.optimizer)

    def __call__(self, schedule: Any, seed: int, report: Callable[[int, dict], Any], lr: float | None = None) -> dict:
        task = self.task
        return task.train(schedule, seed=seed, lr=lr if lr is not None else self.lr, epochs=self.epochs,
                          on_epoch=report)


@dataclass(frozen=True)
class TaskFinder:
    """Run the LR finder on task ``name`` (model and data of ``seed``).

    Calling it runs the finder once and gives ``{"lr": suggest(), "min_lr": …, "max_lr": …}``
    (the range from ``suggest_range()``; left out when the curve is too short for one).
    """

    name: str
    optimizer: str | None = None
    seed: int = 0
    progress: bool = False

    def run(self, **find_lr_kwargs: Any):
        """The finder's result object (``.suggest()``, ``.suggest_range()``); keywords go to ``find_lr``."""
        import lrkit

        task = get_task(self.name, self.optimizer)
        model = task.build_model(self.seed)
        opt = task.make_optimizer(model)
        return lrkit.find_lr(model, opt, task.train_loader(self.seed), loss_fn=task.loss_fn, progress=self.progress,
                             **find_lr_kwargs)

    def __call__(self) -> dict[str, float]:
        return auto_values(self.run())


def study_name_for(task: str, optimizer: str, epochs: int, lr: float | None) -> str:
    """The default study of a task comparison: one per task, optimizer, budget and base LR.

    >>> study_name_for("digits-mlp", "sgd", 30, None)
    'compare-digits-mlp-sgd-30ep'
    """
    return f"compare-{task}-{optimizer}-{epochs}ep" + (f"-lr{lr:g}" if lr is not None else "")


def compare_task(task: str, schedules: Iterable[Any], seeds: Any = 3, *, epochs: int | None = None,
                 out: str | os.PathLike | None = None, storage: str | None = None, study_name: str | None = None,
                 workers: int = 1, optimizer: str | None = None, lr: float | None = None,
                 target: float | None = None, progress: bool = True, auto_lr: Any = None,
                 command: str | None = None, title: str | None = None, extra_figures: list | None = None):
    """Compare ``schedules`` on the built-in task ``task`` (see :func:`lrkit.compare`).

    ``auto``, ``auto.min`` or ``auto.max`` in a spec runs the LR finder on the
    task first (once, for all three; the values are stored with the runs),
    unless ``auto_lr`` gives them (as for :func:`lrkit.compare`).
    """
    from .compare import compare

    t = get_task(task, optimizer)
    if epochs is None:
        epochs = t.epochs
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise LRKitError(f"compare: epochs must be a whole number >= 1, got {epochs!r}")
    if lr is not None and not (isinstance(lr, (int, float)) and lr > 0):
        raise LRKitError(f"compare: lr must be a number > 0, got {lr!r}")
    base_lr = t.lr if lr is None else float(lr)
    finder = TaskFinder(task, t.optimizer) if auto_lr is None else auto_lr
    meta = {"task": t.name, "description": t.description, "optimizer": t.optimizer, "epochs": epochs,
            "batch_size": t.batch_size, "base_lr": base_lr,
            "finder": "lrkit.find_lr on the task's model (seed 0), optimizer and training data; "
                      "its suggest() and suggest_range()"}
    return compare(TaskTrainer(task, epochs, optimizer, lr), schedules, seeds, metric=t.metric, mode=t.mode,
                   storage=storage, study_name=study_name or study_name_for(t.name, t.optimizer, epochs, lr),
                   workers=workers, out=out, epochs=epochs, steps_per_epoch=t.steps_per_epoch(), base_lr=base_lr,
                   target=target, auto_lr=finder, progress=progress,
                   title=title or f"Schedule comparison on {t.name}",
                   meta={**meta, "command": command or "", "extra_figures": list(extra_figures or [])})


def command_line() -> str:
    """The command that is running, for the report (``lrkit compare …``)."""
    argv = list(sys.argv)
    if argv and os.path.basename(argv[0]) in ("lrkit", "__main__.py"):
        argv[0] = "lrkit"
    return " ".join(shlex.quote(a) for a in argv)
