"""The :class:`Task` contract shared by every built-in task, and its training loop.

A task bundles fixed data splits, a seeded model, a default optimizer and LR,
a budget (epochs x batch size) and a metric. Everything is deterministic given
the seed: the seed sets the weight init and the data order, never the split.

torch is imported lazily (this module imports without it); the error names the
extra to install.
"""

from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Mapping

import numpy as np

from ...errors import LRKitError
from ...schedules.validate import check_int

__all__ = ["Task", "require_torch", "OPTIMIZERS"]

#: optimizer name -> (constructor name in torch.optim, fixed keyword arguments).
OPTIMIZERS: dict[str, tuple[str, dict[str, Any]]] = {
    "sgd": ("SGD", {"momentum": 0.9, "weight_decay": 5e-4}),
    "adamw": ("AdamW", {"weight_decay": 1e-2}),
}


def require_torch():
    """Import torch or raise the error that names the extra to install."""
    try:
        import torch
    except ModuleNotFoundError as e:  # pragma: no cover - torch is in the dev env
        raise LRKitError("the built-in tasks need torch: pip install lrkit[experiments]") from e
    return torch


class _Batches:
    """Seeded mini-batches over in-memory tensors; each pass is a new permutation.

    ``len()`` is the number of batches per epoch (the last one may be short).
    The generator lives in the loader, so epoch 2 differs from epoch 1 and a
    second loader built with the same seed replays the same order.
    """

    def __init__(self, x, y, batch_size: int, seed: int):
        torch = require_torch()
        self.x, self.y, self.batch_size = x, y, int(batch_size)
        self.generator = torch.Generator().manual_seed(int(seed))

    def __len__(self) -> int:
        return math.ceil(len(self.x) / self.batch_size)

    def __iter__(self):
        torch = require_torch()
        n = len(self.x)
        perm = torch.randperm(n, generator=self.generator)
        for i in range(0, n, self.batch_size):
            idx = perm[i:i + self.batch_size]
            yield self.x[idx], self.y[idx]


@dataclass(frozen=True)
class Task:
    """A built-in offline training task (see ``lrkit tasks`` and docs/tasks.md).

    Attributes: ``name``, ``description``, ``optimizer`` (``"sgd"`` = SGD with
    momentum 0.9 and weight decay 5e-4, ``"adamw"`` = AdamW with weight decay
    1e-2), ``lr`` (a good constant LR for that optimizer), ``epochs``,
    ``batch_size``, ``metric`` (``"val_acc"`` or ``"val_loss"``), ``mode``
    (``"max"``/``"min"``), ``seconds_per_run`` (one default run, measured on
    this project's 2-core machine, single thread).

    Use :meth:`replace` for another optimizer or budget; the LR then defaults
    to the task's good LR for that optimizer.

    >>> from lrkit.experiments.tasks import get_task
    >>> t = get_task("digits-mlp")
    >>> (t.optimizer, t.lr, t.epochs, t.batch_size, t.steps_per_epoch())
    ('sgd', 0.1, 30, 64, 20)
    >>> a = t.replace(optimizer="adamw")
    >>> (a.optimizer, a.lr)
    ('adamw', 0.01)
    """

    name: str
    description: str
    optimizer: str
    lr: float
    epochs: int
    batch_size: int
    metric: str
    mode: str
    seconds_per_run: float
    default_lrs: Mapping[str, float] = field(default_factory=dict, repr=False, compare=False)

    #: split name -> number of examples (known without loading the data).
    splits: ClassVar[dict[str, int]] = {}

    def __post_init__(self):
        if self.optimizer not in OPTIMIZERS:
            raise LRKitError(f"task {self.name}: optimizer must be one of {sorted(OPTIMIZERS)}, "
                             f"got {self.optimizer!r}")
        if not (isinstance(self.lr, (int, float)) and math.isfinite(self.lr) and self.lr > 0):
            raise LRKitError(f"task {self.name}: lr must be a number > 0, got {self.lr!r}")
        for f in ("epochs", "batch_size"):
            v = getattr(self, f)
            check_int(f"task {self.name}", f, v, ge=1)
        if self.mode not in ("max", "min"):
            raise LRKitError(f"task {self.name}: mode must be 'max' or 'min', got {self.mode!r}")

    # ---- variants ------------------------------------------------------------------
    def replace(self, **changes: Any) -> "Task":
        """A copy with some fields changed; a new ``optimizer`` without ``lr`` takes its good LR."""
        unknown = set(changes) - {"optimizer", "lr", "epochs", "batch_size"}
        if unknown:
            raise LRKitError(f"task {self.name}: replace() accepts optimizer, lr, epochs, batch_size; "
                             f"got {sorted(unknown)}")
        if "optimizer" in changes and "lr" not in changes:
            opt = changes["optimizer"]
            if opt not in OPTIMIZERS:
                raise LRKitError(f"task {self.name}: optimizer must be one of {sorted(OPTIMIZERS)}, got {opt!r}")
            changes["lr"] = self.default_lrs.get(opt, self.lr)
        return dataclasses.replace(self, **changes)

    # ---- what a task implements ----------------------------------------------------
    def data(self) -> dict[str, np.ndarray]:
        """The fixed splits as numpy arrays: ``x_train``, ``y_train``, ``x_val``, ``y_val``, ``x_test``, ``y_test``."""
        raise NotImplementedError  # pragma: no cover

    def _module(self):  # -> torch.nn.Module
        raise NotImplementedError  # pragma: no cover

    # ---- model, optimizer, data ----------------------------------------------------
    def build_model(self, seed: int = 0):
        """The task's model with its init drawn from ``seed`` (the global torch RNG is left untouched)."""
        torch = require_torch()
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(int(seed))
            return self._module()

    def make_optimizer(self, model, lr: float | None = None):
        """The task's optimizer (``self.optimizer``) over ``model.parameters()`` at ``lr`` (default ``self.lr``)."""
        torch = require_torch()
        cls_name, kwargs = OPTIMIZERS[self.optimizer]
        lr = self.lr if lr is None else float(lr)
        if not (math.isfinite(lr) and lr > 0):
            raise LRKitError(f"task {self.name}: lr must be a number > 0, got {lr!r}")
        return getattr(torch.optim, cls_name)(model.parameters(), lr=lr, **kwargs)

    def _tensors(self, split: str):
        cache = self.__dict__.get("_tensor_cache")
        if cache is None:
            cache = {}
            object.__setattr__(self, "_tensor_cache", cache)
        if split not in cache:
            torch = require_torch()
            d = self.data()
            if f"x_{split}" not in d:
                raise LRKitError(f"task {self.name}: split must be one of 'train', 'val', 'test', got {split!r}")
            x = torch.as_tensor(d[f"x_{split}"])
            x = x.float() if x.is_floating_point() else x.long()
            cache[split] = (x, torch.as_tensor(d[f"y_{split}"]).long())
        return cache[split]

    def train_loader(self, seed: int = 0, batch_size: int | None = None):
        """Seeded shuffled mini-batches of the training split; ``len()`` = steps per epoch."""
        x, y = self._tensors("train")
        return _Batches(x, y, batch_size or self.batch_size, seed)

    def steps_per_epoch(self, batch_size: int | None = None) -> int:
        """Optimizer steps in one epoch at ``batch_size`` (default ``self.batch_size``)."""
        return math.ceil(self.splits["train"] / (batch_size or self.batch_size))

    @property
    def loss_fn(self):
        """The training loss, called as ``loss_fn(model(x), y)``."""
        return require_torch().nn.CrossEntropyLoss()

    def evaluate(self, model, split: str = "val") -> dict[str, float]:
        """Loss and accuracy of ``model`` on a split, as ``{f"{split}_loss", f"{split}_acc"}``.

        Runs in eval mode without gradients and puts the model back in the mode it was in.
        """
        torch = require_torch()
        if split not in ("train", "val", "test"):
            raise LRKitError(f"task {self.name}: split must be one of 'train', 'val', 'test', got {split!r}")
        x, y = self._tensors(split)
        was_training = model.training
        model.eval()
        try:
            with torch.no_grad():
                out = model(x)
                loss = torch.nn.functional.cross_entropy(out, y).item()
                acc = (out.argmax(-1) == y).float().mean().item()
        finally:
            model.train(was_training)
        return {f"{split}_loss": float(loss), f"{split}_acc": float(acc)}

    # ---- training --------------------------------------------------------------------
    def train(self, schedule: Any = None, seed: int = 0, lr: float | None = None, epochs: int | None = None,
              on_epoch: Callable[[int, dict], Any] | None = None, batch_size: int | None = None) -> dict:
        """Train a fresh model (init and data order from ``seed``) under ``schedule``.

        - ``schedule``: a :class:`lrkit.Schedule`, spec text, or ``None`` for a constant LR.
          It is run by ``lrkit.torch.LRScheduler(opt, schedule, total_steps=epochs*spe,
          steps_per_epoch=spe)``, stepped after every optimizer step; a schedule with
          ``plateau`` is fed the validation metric after each epoch.
        - ``lr``: the base LR (default ``self.lr``); ``epochs`` (default ``self.epochs``).
        - ``on_epoch(epoch, metrics)`` is called after each epoch (1-based) with
          ``epoch, lr, train_loss, val_loss, val_acc, seconds``.

        Returns ``{"history": [per-epoch metrics], "final": {...}, "best": {...},
        "seconds": float, "diverged": bool}``. ``final`` adds the test-split metrics.
        A non-finite training loss stops the run: ``diverged`` is then True and the
        history ends at that epoch.
        """
        require_torch()  # a clear error when torch is missing
        from ... import parse
        from ...schedules import Schedule

        if schedule is None:
            schedule = parse("constant")
        elif isinstance(schedule, str):
            schedule = parse(schedule)
        elif not isinstance(schedule, Schedule):
            raise LRKitError(f"task {self.name}: schedule must be a Schedule, spec text or None, "
                             f"got {type(schedule).__name__}")
        epochs = self.epochs if epochs is None else epochs
        check_int(f"task {self.name}", "epochs", epochs, ge=1)
        try:
            from ...torch import LRScheduler
        except ImportError as e:  # pragma: no cover - lrkit.torch is part of the package
            raise LRKitError(f"task {self.name}: train() needs lrkit.torch.LRScheduler ({e})") from e
        bs = batch_size or self.batch_size
        spe = self.steps_per_epoch(bs)
        model = self.build_model(seed)
        opt = self.make_optimizer(model, lr)
        sched = LRScheduler(opt, schedule, total_steps=epochs * spe, steps_per_epoch=spe)
        wants_metric = sched.controller is not None  # plateau(...): advance() per batch, step(metric) per epoch
        loader = self.train_loader(seed, bs)
        loss_fn = self.loss_fn
        history: list[dict] = []
        diverged = False
        t0 = time.perf_counter()
        for epoch in range(1, epochs + 1):
            model.train()
            total, count = 0.0, 0
            lr_now = opt.param_groups[0]["lr"]
            for xb, yb in loader:
                lr_now = opt.param_groups[0]["lr"]
                loss = loss_fn(model(xb), yb)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                sched.advance() if wants_metric else sched.step()
                v = loss.item()
                if not math.isfinite(v):
                    diverged = True
                    break
                total += v
                count += 1
            metrics = {"epoch": epoch, "lr": float(lr_now),
                       "train_loss": total / count if count and not diverged else float("nan")}
            metrics.update(self.evaluate(model, "val"))
            metrics["seconds"] = time.perf_counter() - t0
            history.append(metrics)
            if wants_metric and not diverged:
                sched.step(metrics[self.metric])
            if on_epoch is not None:
                on_epoch(epoch, dict(metrics))
            if diverged:
                break
        seconds = time.perf_counter() - t0
        final = dict(history[-1])
        final.update(self.evaluate(model, "test"))
        sign = 1.0 if self.mode == "max" else -1.0
        scored = [h for h in history if math.isfinite(h[self.metric])]
        best = dict(max(scored, key=lambda h: sign * h[self.metric])) if scored else dict(history[-1])
        return {"history": history, "final": final, "best": best, "seconds": seconds, "diverged": diverged}

    def info(self) -> dict[str, Any]:
        """The task's settings as plain data (what ``lrkit tasks --json`` prints)."""
        return {"name": self.name, "description": self.description, "optimizer": self.optimizer,
                "lr": self.lr, "default_lrs": dict(self.default_lrs), "epochs": self.epochs,
                "batch_size": self.batch_size, "steps_per_epoch": self.steps_per_epoch(),
                "total_steps": self.epochs * self.steps_per_epoch(), "metric": self.metric, "mode": self.mode,
                "seconds_per_run": self.seconds_per_run,
                "splits": dict(self.splits)}
