"""Comparisons and searches on the built-in tasks: the ``train_fn``, the LR finder behind ``auto``.

:class:`TaskTrainer` is a picklable ``train_fn`` for :func:`lrkit.compare` and
:func:`lrkit.tune` (so worker processes can rebuild it) that trains a built-in
task; :class:`TaskFinder` runs the LR finder on the task's model, optimizer and
data and gives its suggestion and suggested range from that one run (what
``lr=auto``, ``base_lr=auto.min`` and ``max_lr=auto.max`` become).
:func:`compare_task` and :func:`tune_task` put them together (what
``lrkit compare --task`` and ``lrkit tune --task`` run).

>>> t = TaskTrainer("digits-mlp", epochs=2)
>>> t.task.name, t.epochs
('digits-mlp', 2)
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from ..errors import LRKitError
from .contract import parse_seeds, whole_number
from .specs import auto_values
from .tasks import get_task

if TYPE_CHECKING:
    from .comparison import Comparison
    from .tuning import Tuning

__all__ = ["TaskTrainer", "TaskFinder", "compare_task", "tune_task", "study_name_for", "study_name_for_tune"]


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
    """The default study of :func:`compare_task`: one per task, optimizer, budget and base LR.

    >>> study_name_for("digits-mlp", "sgd", 30, None)
    'compare-digits-mlp-sgd-30ep'
    """
    return f"compare-{task}-{optimizer}-{epochs}ep" + (f"-lr{lr:g}" if lr is not None else "")


def study_name_for_tune(task: str, optimizer: str, epochs: int, template: str, params: Sequence[str],
                        seeds: Sequence[int]) -> str:
    """The default study of :func:`tune_task`: task, optimizer, budget and a hash of the search space.

    >>> study_name_for_tune("digits-mlp", "sgd", 10, "onecycle(max_lr=?)", ["max_lr=0.01:1:log"], [0])
    'tune-digits-mlp-sgd-10ep-46fcc939'
    """
    key = json.dumps([template, sorted(params), list(seeds)])
    return f"tune-{task}-{optimizer}-{epochs}ep-{hashlib.sha1(key.encode()).hexdigest()[:8]}"


def _task_budget(who: str, task: str, optimizer: str | None, epochs: Any, lr: Any):
    """The task (with ``optimizer``), its epochs (default the task's) and the base LR (default the task's)."""
    t = get_task(task, optimizer)
    epochs = whole_number(who, "epochs", t.epochs if epochs is None else epochs, 1)
    if lr is not None and not (isinstance(lr, (int, float)) and lr > 0):
        raise LRKitError(f"{who}: lr must be a number > 0, got {lr!r}")
    return t, epochs, t.lr if lr is None else float(lr)


def compare_task(task: str, schedules: Iterable[Any], seeds: Any = 3, *, epochs: int | None = None,
                 out: str | os.PathLike | None = None, storage: str | None = None, study_name: str | None = None,
                 workers: int = 1, optimizer: str | None = None, lr: float | None = None,
                 target: float | None = None, progress: bool = True, auto_lr: Any = None,
                 command: str | None = None, title: str | None = None,
                 extra_figures: list | None = None) -> "Comparison":
    """:func:`lrkit.compare` of ``schedules`` on the built-in task ``task`` (what ``lrkit compare --task`` runs).

    ``auto``, ``auto.min`` or ``auto.max`` in a spec runs the LR finder on the
    task first (once, for all three; the values are stored with the runs),
    unless ``auto_lr`` gives them (as for :func:`lrkit.compare`).
    """
    from ._compare import compare

    t, epochs, base_lr = _task_budget("compare", task, optimizer, epochs, lr)
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


def tune_task(task: str, spec_template: str, params: Any, trials: int = 20, seeds: Any = 1, *,
              epochs: int | None = None, optimizer: str | None = None, lr: float | None = None,
              storage: str | None = None, study_name: str | None = None, workers: int = 1,
              out: str | os.PathLike | None = None, seed: int = 0, pruner: Any = None,
              prune_warmup: int | None = None, progress: bool = True, command: str | None = None) -> "Tuning":
    """:func:`lrkit.tune` on the built-in task ``task`` (what ``lrkit tune --task`` runs).

    The metric and mode are the task's; ``lr`` is the base LR (default the
    task's good LR for its optimizer) unless the template searches it (``; lr=?``).
    ``prune_warmup`` defaults to half the epochs: a schedule's worth shows
    late (a high peak or a long warmup looks bad mid-run and ends best), so
    the pruner judges only the second half of a run.
    """
    from ._tune import tune
    from .space import search_space

    t, epochs, base_lr = _task_budget("tune", task, optimizer, epochs, lr)
    tpl, ps = search_space(spec_template, params)
    seed_list = parse_seeds("tune", seeds)
    prune_warmup = epochs // 2 if prune_warmup is None else prune_warmup
    name = study_name or study_name_for_tune(t.name, t.optimizer, epochs, tpl.text,
                                             [str(ps[n]) for n in tpl.names], seed_list)
    meta = {"task": t.name, "optimizer": t.optimizer, "epochs": epochs, "base_lr": base_lr,
            "steps_per_epoch": t.steps_per_epoch(), "command": command or ""}
    return tune(TaskTrainer(task, epochs, optimizer, lr), tpl.text, ps, trials, seed_list, metric=t.metric,
                mode=t.mode, storage=storage, study_name=name, pruner=pruner, seed=seed, prune_warmup=prune_warmup,
                workers=workers, out=out, progress=progress, meta=meta)


def command_line() -> str:
    """The command that is running, for the report (``lrkit compare …``)."""
    argv = list(sys.argv)
    if argv and os.path.basename(argv[0]) in ("lrkit", "__main__.py"):
        argv[0] = "lrkit"
    return " ".join(shlex.quote(a) for a in argv)
