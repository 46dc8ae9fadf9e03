"""``digits-mlp`` and ``digits-cnn``: scikit-learn's ``load_digits`` (8x8 images, 10 classes).

Split: stratified, ``random_state=0``: 15% test, then 15% of the whole as
validation; train 1257, val 270, test 270. Pixels are divided by 16 (no
statistic is fitted on any split).

>>> from lrkit.experiments.tasks import get_task
>>> d = get_task("digits-mlp").data()
>>> d["x_train"].shape, d["x_val"].shape, d["x_test"].shape
((1257, 64), (270, 64), (270, 64))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ...errors import LRKitError
from .base import Task, require_torch

_CACHE: dict[str, np.ndarray] = {}


def digits_data() -> dict[str, np.ndarray]:
    """The fixed digits splits (computed once per process, 0.05 s)."""
    if not _CACHE:
        try:
            from sklearn.datasets import load_digits
            from sklearn.model_selection import train_test_split
        except ModuleNotFoundError as e:  # pragma: no cover
            raise LRKitError("the digits tasks need scikit-learn: pip install lrkit[experiments]") from e
        x, y = load_digits(return_X_y=True)
        x = (x / 16.0).astype(np.float32)
        x_rest, x_test, y_rest, y_test = train_test_split(x, y, test_size=270, random_state=0, stratify=y)
        x_tr, x_va, y_tr, y_va = train_test_split(x_rest, y_rest, test_size=270, random_state=0, stratify=y_rest)
        _CACHE.update(x_train=x_tr, y_train=y_tr.astype(np.int64), x_val=x_va, y_val=y_va.astype(np.int64),
                      x_test=x_test, y_test=y_test.astype(np.int64))
    return dict(_CACHE)


@dataclass(frozen=True)
class DigitsTask(Task):
    """A digits task; ``arch`` is ``"mlp"`` (64-128-10) or ``"cnn"`` (2 conv+BN blocks)."""

    arch: str = "mlp"
    splits: ClassVar[dict[str, int]] = {"train": 1257, "val": 270, "test": 270}

    def data(self) -> dict[str, np.ndarray]:
        return digits_data()

    def _module(self):
        nn = require_torch().nn
        if self.arch == "mlp":
            return nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
        return nn.Sequential(
            nn.Unflatten(1, (1, 8, 8)),
            nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(32 * 2 * 2, 10))
