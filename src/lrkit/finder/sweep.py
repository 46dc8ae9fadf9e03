"""One sweep of the LR range test on the user's model: batches, loss, step, stop rules, DDP averaging.

:func:`~lrkit.finder.find_lr` (in :mod:`.core`) checks the arguments, snapshots and restores
the model; :class:`RangeTest` here runs each sweep.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
from typing import Any, Callable, Iterable

import numpy as np

from ..errors import LRKitError, require
from .confidence import RISE_PATIENCE, RISE_WINDOW
from .result import FinderRun

__all__ = ["RangeTest", "Batches", "no_descent"]


def _torch():
    return require("torch", by="find_lr", install="pip install lrkit[torch]")

def _to(batch: Any, device) -> Any:
    torch = _torch()
    if device is None:
        return batch
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, (list, tuple)):
        return type(batch)(_to(b, device) for b in batch) if not hasattr(batch, "_fields") else \
            type(batch)(*(_to(b, device) for b in batch))
    if isinstance(batch, dict):
        return {k: _to(v, device) for k, v in batch.items()}
    return batch


class Batches:
    """Endless batches from a loader: a new pass (iter()) whenever one ends."""

    def __init__(self, loader: Iterable, what: str):
        self.loader, self.what = loader, what
        try:
            self.it = iter(loader)
        except TypeError:
            raise LRKitError(f"find_lr: {what} must be an iterable of batches, got {type(loader).__name__}") from None

    def next(self):
        try:
            return next(self.it)
        except StopIteration:
            self.it = iter(self.loader)
            try:
                return next(self.it)
            except StopIteration:
                raise LRKitError(f"find_lr: {self.what} yielded no batches (is it empty?)") from None


def _loss_of(loss, first: bool):
    torch = _torch()
    if not isinstance(loss, torch.Tensor):
        raise LRKitError(f"find_lr: the loss must be a scalar torch.Tensor, got {type(loss).__name__}")
    if loss.ndim != 0:
        raise LRKitError(f"find_lr: the loss must be a scalar tensor, got shape {tuple(loss.shape)}: "
                         f"reduce it (e.g. .mean()) in loss_fn / step_fn")
    if first and not loss.requires_grad:
        raise LRKitError("find_lr: the loss does not require grad (computed under no_grad, or frozen parameters?)")
    return loss


def _dist_mean():
    """A function averaging a float over DDP ranks, or None outside torch.distributed."""
    torch = _torch()
    dist = getattr(torch, "distributed", None)
    if dist is None or not dist.is_available() or not dist.is_initialized():
        return None, 0
    world = dist.get_world_size()
    dev = torch.device("cuda", torch.cuda.current_device()) if dist.get_backend() == "nccl" else torch.device("cpu")

    def mean(v: float) -> float:
        t = torch.tensor([v], dtype=torch.float64, device=dev)
        dist.all_reduce(t, op=dist.ReduceOp.SUM)
        return float(t.item()) / world

    return mean, dist.get_rank()


def no_descent(run: FinderRun, cfg) -> bool:
    """The loss never went down: the smoothed loss after the first 10% never 2% below its start.

    Only for a sweep that got at least halfway: one that stopped earlier blew up at low
    LRs, which more steps would not cure (lower start_lr, or look at the loss).
    """
    skip = cfg.num_iter // 10
    if len(run.lrs) < cfg.num_iter / 2:
        return False
    s = run.smoothed[skip:]
    s = s[np.isfinite(s)]
    return len(s) >= 3 and not float(s[0]) - float(np.min(s)) > 0.02 * max(abs(float(s[0])), 1e-12)


def _rise(raw: list, risen: int, best_med: float | None, rise_th: float | None, warm: int) -> tuple[int, float | None]:
    """One step of the sustained-rise stop: steps running with the trailing median of the raw loss
    (last :data:`~.confidence.RISE_WINDOW` points) above ``best + (rise_th - 1) * |best|``, ``best``
    its lowest since step ``warm``. Lag-free, unlike the EMA: a bounded loss that turns up is seen."""
    if rise_th is None or len(raw) <= warm:
        return 0, best_med
    m = float(np.median(raw[-RISE_WINDOW:]))
    best_med = m if best_med is None or m < best_med else best_med
    return (risen + 1 if m > best_med + (rise_th - 1.0) * abs(best_med) else 0), best_med


class RangeTest:
    """One sweep on the user's model: set the LR, measure the loss, step, and stop when it diverges."""

    def __init__(self, model, optimizer, cfg, ratios: list[float], dev, loss_fn, step_fn, val_loader,
                 amp: bool):
        torch = _torch()
        self.model, self.optimizer, self.cfg, self.ratios, self.dev = model, optimizer, cfg, ratios, dev
        self.loss_fn, self.step_fn, self.val_loader = loss_fn, step_fn, val_loader
        self.plan = cfg.plan()
        self.ddp_mean, self.rank = _dist_mean()
        self.scaler = None
        self.autocast: Callable[[], Any] = contextlib.nullcontext
        if amp:
            if dev.type == "cuda":
                self.scaler = torch.amp.GradScaler("cuda")
                self.autocast = lambda: torch.autocast("cuda", dtype=torch.float16)
            else:
                self.autocast = lambda: torch.autocast(dev.type, dtype=torch.bfloat16)
        self.tensor_lr = [isinstance(g["lr"], torch.Tensor) for g in optimizer.param_groups]

    def sweep(self, batches: Batches, bar) -> FinderRun:
        """Raise the LR step by step along the plan, recording the loss, until the stop rule fires."""
        cfg = self.cfg
        self.model.train()
        lrs: list[float] = []
        raw: list[float] = []
        sm: list[float] = []
        train: list[float] = []
        best = None
        prev = None
        stop, rule, risen, best_med = "completed", None, 0, None
        for i in range(cfg.num_iter):
            lr = float(self.plan[i])
            value, train_value = self._measure(lr, batches, first=(i == 0))
            lrs.append(lr)
            raw.append(value)
            train.append(train_value)
            if bar is not None:
                bar.update(1)
            if not math.isfinite(value):
                sm.append(value)
                stop, rule = "non-finite loss", "non-finite"
                break
            self._step()
            s = value if prev is None or cfg.smooth == 0 else cfg.smooth * value + (1 - cfg.smooth) * prev
            prev = s
            sm.append(s)
            if best is None or s < best:
                best = s
            if i > 0 and s > best + (cfg.diverge_th - 1.0) * abs(best):
                stop, rule = "diverged", "diverge_th"
                break
            risen, best_med = _rise(raw, risen, best_med, cfg.rise_th, warm=cfg.num_iter // 10)
            if risen >= RISE_PATIENCE:
                stop, rule = "diverged", "sustained rise"
                break
        return FinderRun(np.array(lrs), np.array(raw), np.array(sm), stop, rule,
                         np.array(train) if self.val_loader is not None else None)

    def slow_down(self, steps: int, per_pass: int | None) -> str:
        """Sweep the same range again in ``steps`` steps (after no descent); the adaptation in words."""
        before = self.cfg.num_iter
        self.cfg = dataclasses.replace(self.cfg, num_iter=steps)
        self.plan = self.cfg.plan()
        note = (f"no descent in {before} steps: swept {self.cfg.start_lr:g}..{self.cfg.end_lr:g} again from the "
                f"same start in {steps} steps ({steps / before:.1f}x slower; budget max_iter={before + steps})")
        if per_pass:
            note += (f"; {steps * self.cfg.accumulation_steps / per_pass:.1f} passes over the training data "
                     f"({per_pass} batches each)")
        return note

    def _measure(self, lr: float, batches, first: bool, validate: bool = True) -> tuple[float, float]:
        """Set ``lr`` and backpropagate one step's batches (``batches.next()``): ``(recorded, train)`` losses,
        the recorded one on val_loader if given and ``validate`` (else the training loss), both averaged over
        DDP ranks."""
        self._set_lr(lr)
        self.optimizer.zero_grad(set_to_none=True)
        n = self.cfg.accumulation_steps
        value = 0.0
        for _ in range(n):
            part = self._loss_of_batch(batches.next(), first) / n
            (self.scaler.scale(part) if self.scaler is not None else part).backward()
            value += float(part.detach().float())
        if self.ddp_mean is not None:
            value = self.ddp_mean(value)
        train = value
        if validate and self.val_loader is not None and math.isfinite(value):
            value = self._validate()
            if self.ddp_mean is not None:
                value = self.ddp_mean(value)
        return value, train

    def train_step(self, lr: float, batches) -> float:
        """One optimizer step at ``lr`` on ``batches.next()`` (no validation): its training loss, averaged over
        DDP ranks; the step is not taken when the loss is not finite."""
        value, _ = self._measure(lr, batches, first=False, validate=False)
        if math.isfinite(value):
            self._step()
        return value

    def validate(self) -> float:
        """The mean loss on val_loader, averaged over DDP ranks."""
        value = self._validate()
        return self.ddp_mean(value) if self.ddp_mean is not None else value

    def _step(self) -> None:
        if self.scaler is not None:
            self.scaler.step(self.optimizer)
            self.scaler.update()
        else:
            self.optimizer.step()

    def _set_lr(self, lr: float) -> None:
        for g, r, is_t in zip(self.optimizer.param_groups, self.ratios, self.tensor_lr):
            if is_t:
                g["lr"].fill_(lr * r)
            else:
                g["lr"] = lr * r

    def _loss_of_batch(self, batch, first: bool):
        batch = _to(batch, self.dev)
        with self.autocast():
            if self.step_fn is not None:
                loss = self.step_fn(batch)
            else:
                if isinstance(batch, dict) or not isinstance(batch, (list, tuple)) or len(batch) < 2:
                    raise LRKitError("find_lr: each batch must be (inputs, targets) for loss_fn; "
                                     "for other batches pass step_fn=lambda batch: loss")
                loss = self.loss_fn(self.model(batch[0]), batch[1])
        return _loss_of(loss, first)

    def _validate(self) -> float:
        torch = _torch()
        self.model.eval()
        total, count = 0.0, 0
        with torch.no_grad():
            for batch in self.val_loader:
                batch = _to(batch, self.dev)
                with self.autocast():
                    loss = self.step_fn(batch) if self.step_fn is not None else self.loss_fn(self.model(batch[0]),
                                                                                             batch[1])
                n = len(batch[0]) if isinstance(batch, (list, tuple)) and hasattr(batch[0], "__len__") else 1
                total += float(loss) * n
                count += n
        self.model.train()
        if count == 0:
            raise LRKitError("find_lr: val_loader yielded no batches (is it empty?)")
        return total / count
