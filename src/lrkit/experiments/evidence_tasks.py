"""What the evidence page trains: a built-in task at a set optimizer, budget and batch size, or fine-tuned.

:class:`EvidenceTrainer` is the picklable ``train_fn`` that :mod:`lrkit.experiments.evidence`
gives :func:`lrkit.compare`: like :class:`~lrkit.experiments.runner.TaskTrainer` plus a
batch size (for the large-batch claim) and a fine-tuning variant.

:class:`FinetuneTask` is the one setting no built-in task covers: fine-tuning a
pre-trained network. The ``mnist1d-mlp`` network is pre-trained (20 epochs, SGD 0.1,
seed 0, constant LR) on the examples of digits 0-4, then every fine-tuning run
starts from those weights with its output layer drawn afresh from its seed and
trains on digits 5-9 only (validation and test: digits 5-9). The pre-training is
deterministic, so every run and every worker process starts from the same weights.

>>> t = EvidenceTrainer("digits-mlp", epochs=2, optimizer="sgd", batch_size=128)
>>> t.task.steps_per_epoch(), t.task.epochs
(10, 2)
>>> EvidenceTrainer("mnist1d-mlp", finetune=True).task.name
'mnist1d-mlp-finetune'
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable

import numpy as np

from .tasks import get_task
from .tasks.base import Task
from .tasks.mnist1d import Mnist1dTask

__all__ = ["EvidenceTrainer", "FinetuneTask", "finetune_task"]

_PRETRAINED: dict[tuple, dict] = {}


@dataclass(frozen=True)
class _SubsetTask(Mnist1dTask):
    """An mnist1d task restricted to some classes (labels kept); remembers the last model it built."""

    classes: tuple = tuple(range(10))

    def data(self) -> dict[str, np.ndarray]:
        d = super().data()
        out = {}
        for split in ("train", "val", "test"):
            keep = np.isin(d[f"y_{split}"], self.classes)
            out[f"x_{split}"], out[f"y_{split}"] = d[f"x_{split}"][keep], d[f"y_{split}"][keep]
        return out

    @property
    def splits(self) -> dict[str, int]:  # type: ignore[override]
        return {s: int(len(v)) for s, v in ((s, self.data()[f"y_{s}"]) for s in ("train", "val", "test"))}

    def build_model(self, seed: int = 0):
        model = super().build_model(seed)
        object.__setattr__(self, "_last_model", model)
        return model


@dataclass(frozen=True)
class FinetuneTask(_SubsetTask):
    """Fine-tune the network pre-trained on ``source`` classes, on ``classes`` (see the module docstring)."""

    source: tuple = (0, 1, 2, 3, 4)
    pretrain_epochs: int = 20

    def _pretrained(self) -> dict:
        key = (self.arch, self.source, self.pretrain_epochs)
        if key not in _PRETRAINED:
            src = _SubsetTask(name=f"mnist1d-{self.arch}-pretrain", description="pre-training", optimizer="sgd",
                              lr=0.1, epochs=self.pretrain_epochs, batch_size=64, metric="val_acc", mode="max",
                              seconds_per_run=0.0, arch=self.arch, classes=self.source)
            src.train(None, seed=0)
            _PRETRAINED[key] = {k: v.clone() for k, v in src.__dict__["_last_model"].state_dict().items()}
        return _PRETRAINED[key]

    def build_model(self, seed: int = 0):
        torch = __import__("torch")
        model = super().build_model(seed)  # the fresh model of this seed: its last layer is the new head
        state = dict(self._pretrained())
        head = [k for k in state if k.startswith(f"{len(model) - 1}.")]
        for k in head:
            state[k] = model.state_dict()[k]
        with torch.no_grad():
            model.load_state_dict(state)
        return model


def finetune_task(optimizer: str = "sgd") -> FinetuneTask:
    """The fine-tuning setting: ``mnist1d-mlp`` pre-trained on digits 0-4, fine-tuned on 5-9 (5 epochs).

    >>> t = finetune_task()
    >>> t.name, t.epochs, t.splits["train"] > 1000
    ('mnist1d-mlp-finetune', 5, True)
    """
    base = get_task("mnist1d-mlp", optimizer)
    return FinetuneTask(name="mnist1d-mlp-finetune", description="mnist1d MLP pre-trained on digits 0-4, "
                        "fine-tuned on digits 5-9", optimizer=base.optimizer, lr=base.lr / 10, epochs=5,
                        batch_size=base.batch_size, metric="val_acc", mode="max", seconds_per_run=0.2,
                        default_lrs=base.default_lrs, arch="mlp", classes=(5, 6, 7, 8, 9))


@dataclass(frozen=True)
class EvidenceTrainer:
    """``train_fn(schedule, seed, report, lr=None)`` on a built-in task at a set optimizer, budget and batch.

    ``finetune=True`` trains :func:`finetune_task` instead of ``name`` (which must be ``mnist1d-mlp``).
    """

    name: str
    epochs: int | None = None
    optimizer: str | None = None
    batch_size: int | None = None
    finetune: bool = False

    @property
    def task(self) -> Task:
        t = finetune_task(self.optimizer or "sgd") if self.finetune else get_task(self.name, self.optimizer)
        changes: dict[str, Any] = {}
        if self.epochs is not None:
            changes["epochs"] = self.epochs
        if self.batch_size is not None:
            changes["batch_size"] = self.batch_size
        return replace(t, **changes) if changes else t

    def __call__(self, schedule: Any, seed: int, report: Callable[[int, dict], Any], lr: float | None = None) -> dict:
        return self.task.train(schedule, seed=seed, lr=lr, on_epoch=report)
