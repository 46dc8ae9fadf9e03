"""Built-in offline tasks: real data, CPU-sized, fixed splits, seeded runs.

Nothing is downloaded: digits ships with scikit-learn, mnist1d is generated
locally (and cached), the character LM reads CPython's own ``pydoc_data``.
See docs/tasks.md for budgets, default optimizers and measured run times.

>>> from lrkit.experiments.tasks import TASKS, get_task
>>> sorted(TASKS)
['charlm', 'charlm-postln', 'digits-cnn', 'digits-mlp', 'mnist1d-cnn', 'mnist1d-mlp']
>>> t = get_task("digits-mlp")
>>> t.metric, t.mode, t.steps_per_epoch()
('val_acc', 'max', 20)
>>> get_task("digits")
Traceback (most recent call last):
...
lrkit.errors.LRKitError: unknown task 'digits'; known tasks: charlm, charlm-postln, digits-cnn, digits-mlp, mnist1d-cnn, mnist1d-mlp
"""

from __future__ import annotations

from ...errors import LRKitError
from .base import OPTIMIZERS, Task
from .charlm import CharLMTask
from .digits import DigitsTask
from .mnist1d import Mnist1dTask, cache_dir

__all__ = ["TASKS", "get_task", "Task", "OPTIMIZERS", "cache_dir"]

# seconds_per_run: one default run (default optimizer, LR and budget), wall time of
# Task.train, measured on the project's 2-core VM with torch.set_num_threads(1) (the
# command is in docs/tasks.md).
_TASKS = [
    DigitsTask(
        name="digits-mlp", description="sklearn digits (8x8), MLP 64-128-10; the LR matters, schedules barely",
        optimizer="sgd", lr=0.1, epochs=30, batch_size=64, metric="val_acc", mode="max",
        seconds_per_run=0.21, default_lrs={"sgd": 0.1, "adamw": 1e-2}, arch="mlp"),
    DigitsTask(
        name="digits-cnn", description="sklearn digits (8x8), 2-block CNN with BatchNorm; saturates near 99%",
        optimizer="sgd", lr=0.05, epochs=30, batch_size=64, metric="val_acc", mode="max",
        seconds_per_run=1.23, default_lrs={"sgd": 0.05, "adamw": 1e-2}, arch="cnn"),
    Mnist1dTask(
        name="mnist1d-mlp", description="mnist1d (generated offline), MLP 40-128-128-10; far from saturated",
        optimizer="sgd", lr=0.1, epochs=30, batch_size=64, metric="val_acc", mode="max",
        seconds_per_run=0.70, default_lrs={"sgd": 0.1, "adamw": 3e-3}, arch="mlp"),
    Mnist1dTask(
        name="mnist1d-cnn", description="mnist1d (generated offline), 1-D CNN with BatchNorm; schedules differ here",
        optimizer="sgd", lr=0.1, epochs=30, batch_size=64, metric="val_acc", mode="max",
        seconds_per_run=3.5, default_lrs={"sgd": 0.1, "adamw": 1e-2}, arch="cnn"),
    CharLMTask(
        name="charlm", description="byte-level Transformer (pre-LN, 2x64) on CPython's pydoc topics, 300 steps",
        optimizer="adamw", lr=1e-2, epochs=6, batch_size=32, metric="val_loss", mode="min",
        seconds_per_run=10.0, default_lrs={"adamw": 1e-2, "sgd": 0.3}, norm_first=True),
    CharLMTask(
        name="charlm-postln", description="the same Transformer post-LN: where warmup matters at high LR",
        optimizer="adamw", lr=1e-2, epochs=6, batch_size=32, metric="val_loss", mode="min",
        seconds_per_run=10.2, default_lrs={"adamw": 1e-2, "sgd": 0.3}, norm_first=False),
]

#: task name -> :class:`Task`.
TASKS: dict[str, Task] = {t.name: t for t in _TASKS}


def get_task(name: str, optimizer: str | None = None) -> Task:
    """The built-in task called ``name``; an unknown name raises an error listing the known ones.

    ``optimizer`` switches the task to that optimizer (and its good default LR).

    >>> task = get_task("digits-mlp")
    >>> task.name, task.optimizer, task.epochs
    ('digits-mlp', 'sgd', 30)
    >>> get_task("digits-mlp", optimizer="adamw").optimizer
    'adamw'
    >>> get_task("digits")
    Traceback (most recent call last):
    lrkit.errors.LRKitError: unknown task 'digits'; known tasks: charlm, charlm-postln, digits-cnn, digits-mlp, mnist1d-cnn, mnist1d-mlp
    """
    if isinstance(name, Task):
        task = name
    else:
        try:
            task = TASKS[name]
        except (KeyError, TypeError):
            raise LRKitError(f"unknown task {name!r}; known tasks: {', '.join(sorted(TASKS))}") from None
    return task.replace(optimizer=optimizer) if optimizer and optimizer != task.optimizer else task
