"""``mnist1d-mlp`` and ``mnist1d-cnn``: the ``mnist1d`` data set, generated offline.

The arrays come from ``mnist1d.data.make_dataset(get_dataset_args())`` (pure
numpy/scipy, ~2 s, never the download path). They are generated once and
cached as ``mnist1d-v1.npz`` under the lrkit cache directory
(``$LRKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/lrkit``, else ``~/.cache/lrkit``).
``make_dataset`` reseeds the global numpy and ``random`` generators: their
state is restored afterwards, so generating the data changes no caller's RNG.

Split: mnist1d's 4000 training examples are split by a fixed permutation into
train 3200 / val 800; mnist1d's own 1000 test examples are the test split.
"""

from __future__ import annotations

import os
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np

from ...errors import LRKitError
from .base import Task, require_torch

_CACHE: dict[str, np.ndarray] = {}
_FILE = "mnist1d-v1.npz"


def cache_dir() -> Path:
    """Where lrkit caches generated data: ``$LRKIT_CACHE_DIR``, ``$XDG_CACHE_HOME/lrkit`` or ``~/.cache/lrkit``.

    >>> import os
    >>> os.environ["LRKIT_CACHE_DIR"] = "/tmp/lrkit-doctest-cache"
    >>> str(cache_dir())
    '/tmp/lrkit-doctest-cache'
    >>> del os.environ["LRKIT_CACHE_DIR"]
    """
    if os.environ.get("LRKIT_CACHE_DIR"):
        return Path(os.environ["LRKIT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lrkit"


def _generate() -> dict[str, np.ndarray]:
    np_state, py_state = np.random.get_state(), random.getstate()
    try:
        try:
            from mnist1d.data import get_dataset_args, make_dataset
        except ModuleNotFoundError as e:
            raise LRKitError("the mnist1d tasks need the mnist1d package: pip install lrkit[experiments]") from e
        d = make_dataset(get_dataset_args())
    finally:
        np.random.set_state(np_state)
        random.setstate(py_state)
    x, y = np.asarray(d["x"], dtype=np.float32), np.asarray(d["y"], dtype=np.int64)
    perm = np.random.default_rng(0).permutation(len(x))
    tr, va = perm[:3200], perm[3200:]
    return {"x_train": x[tr], "y_train": y[tr], "x_val": x[va], "y_val": y[va],
            "x_test": np.asarray(d["x_test"], dtype=np.float32), "y_test": np.asarray(d["y_test"], dtype=np.int64)}


def mnist1d_data() -> dict[str, np.ndarray]:
    """The fixed mnist1d splits: from memory, else the cache file, else generated and cached."""
    if not _CACHE:
        path = cache_dir() / _FILE
        arrays = None
        if path.exists():
            try:
                with np.load(path) as f:
                    arrays = {k: f[k] for k in f.files}
            except (OSError, ValueError):
                arrays = None  # a truncated or foreign file: regenerate it
            if arrays is not None and set(arrays) != {f"{a}_{s}" for a in "xy" for s in ("train", "val", "test")}:
                arrays = None
        if arrays is None:
            arrays = _generate()
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
                with os.fdopen(fd, "wb") as f:
                    np.savez(f, **arrays)
                os.replace(tmp, path)
            except OSError:
                pass  # an unwritable cache only costs regeneration next time
        _CACHE.update(arrays)
    return dict(_CACHE)


@dataclass(frozen=True)
class Mnist1dTask(Task):
    """An mnist1d task; ``arch`` is ``"mlp"`` (40-128-128-10) or ``"cnn"`` (two 1-D conv+BN blocks)."""

    arch: str = "mlp"
    splits: ClassVar[dict[str, int]] = {"train": 3200, "val": 800, "test": 1000}

    def data(self) -> dict[str, np.ndarray]:
        return mnist1d_data()

    def _module(self):
        nn = require_torch().nn
        if self.arch == "mlp":
            return nn.Sequential(nn.Linear(40, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 10))
        return nn.Sequential(
            nn.Unflatten(1, (1, 40)),
            nn.Conv1d(1, 32, 5, padding=2), nn.BatchNorm1d(32), nn.ReLU(), nn.MaxPool1d(2),
            nn.Conv1d(32, 32, 3, padding=1), nn.BatchNorm1d(32), nn.ReLU(), nn.MaxPool1d(2),
            nn.Flatten(), nn.Linear(32 * 10, 10))
