"""The LR range test itself: checks, sweep, stop rule, DDP averaging (the exact restore is in :mod:`.state`)."""

from __future__ import annotations

import contextlib
import dataclasses
import math
from typing import Any, Callable, Iterable

import numpy as np

from ..errors import LRKitError, require
from .result import FinderResult, FinderRun
from .state import restore, snapshot

__all__ = ["find_lr", "snapshot", "restore"]


def _torch():
    return require("torch", by="find_lr", install="pip install lrkit[torch]")


# ---- helpers ---------------------------------------------------------------------------

def _check_number(name: str, v: Any, *, gt: float | None = None, ge: float | None = None,
                  lt: float | None = None) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise LRKitError(f"find_lr: {name} must be a finite number, got {v!r}")
    if gt is not None and not v > gt:
        raise LRKitError(f"find_lr: {name} must be > {gt:g}, got {v!r}")
    if ge is not None and not v >= ge:
        raise LRKitError(f"find_lr: {name} must be >= {ge:g}, got {v!r}")
    if lt is not None and not v < lt:
        raise LRKitError(f"find_lr: {name} must be < {lt:g}, got {v!r}")
    return float(v)


def _check_int(name: str, v: Any, minimum: int) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < minimum:
        raise LRKitError(f"find_lr: {name} must be an integer >= {minimum}, got {v!r}")
    return int(v)


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


class _Batches:
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


# ---- the public function -----------------------------------------------------------------

def find_lr(model, optimizer, train_loader, loss_fn: Callable | None = None, *, start_lr: float = 1e-7,
            end_lr: float = 10.0, num_iter: int = 100, mode: str = "exp", smooth: float = 0.05,
            diverge_th: float = 5.0, accumulation_steps: int = 1, amp: bool = False, val_loader=None,
            device=None, step_fn: Callable | None = None, repeats: int = 1,
            progress: bool = True) -> FinderResult:
    """LR range test (Smith 2015/2017): raise the LR every step and record the loss.

    - ``model``, ``optimizer``: the user's; both are restored exactly afterwards (params,
      buffers, grads, train/eval modes, optimizer state and param groups, and the torch,
      numpy, ``random`` and CUDA RNG states), bit for bit — also after divergence, a NaN,
      an exception in the step, or KeyboardInterrupt (which is then re-raised).
    - ``train_loader``: any iterable of batches, re-iterated when exhausted. Each batch is
      ``(inputs, targets)`` used as ``loss_fn(model(inputs), targets)``, or whatever
      ``step_fn(batch) -> loss`` takes (HF / Lightning models that return their loss).
    - The LR of param group 0 goes from ``start_lr`` to ``end_lr`` over ``num_iter``
      steps (``mode="exp"``: geometric, ``"linear"``); other groups keep their LR ratio
      to group 0. ``lrs[i]`` is the LR the i-th step used.
    - Stop rule: a non-finite loss, or the smoothed loss above
      ``best + (diverge_th - 1) * |best|`` (= ``diverge_th * best`` for positive losses).
    - ``smooth``: weight of the new point in the EMA (torch-lr-finder's ``smooth_f``).
    - ``accumulation_steps``: micro-batches per optimizer step (loss averaged).
    - ``amp``: autocast (bfloat16 on CPU, float16 + GradScaler on CUDA).
    - ``val_loader``: record the mean loss on it after each step instead of the train loss.
    - ``device``: where batches go (default: the model's device).
    - ``repeats``: run the sweep N times from the same start with fresh data order;
      ``result.spread()`` reports how much the suggestion moves.
    - Under torch.distributed (DDP), the recorded loss is averaged over ranks, so every
      rank stops at the same step and gets the same suggestion.

    >>> import torch
    >>> torch.manual_seed(0) and None
    >>> x = torch.randn(256, 4); y = x @ torch.tensor([1.0, -2.0, 0.5, 3.0])
    >>> model = torch.nn.Linear(4, 1); opt = torch.optim.SGD(model.parameters(), lr=0.01)
    >>> loader = [(x[i:i + 32], y[i:i + 32, None]) for i in range(0, 256, 32)]
    >>> before = model.weight.clone()
    >>> res = find_lr(model, opt, loader, torch.nn.MSELoss(), start_lr=1e-4, end_lr=10, num_iter=63,
    ...                progress=False)  # 12.4 steps per decade, like the default sweep
    >>> res.stop_reason, torch.equal(model.weight, before), opt.param_groups[0]["lr"]
    ('diverged', True, 0.01)
    >>> 0.01 < res.suggest() < 1.0
    True
    """
    torch = _torch()
    _check_model(torch, model, optimizer)
    cfg = _Settings.checked(start_lr, end_lr, num_iter, mode, smooth, diverge_th, accumulation_steps, repeats)
    _check_loss(loss_fn, step_fn)
    ratios = _lr_ratios(model, optimizer)
    test = _RangeTest(model, optimizer, cfg, ratios, _device(torch, model, device), loss_fn, step_fn, val_loader, amp)
    bar = _progress_bar(progress and test.rank == 0, cfg.num_iter * cfg.repeats)
    snap = snapshot(model, optimizer)
    runs: list[FinderRun] = []
    try:
        batches = _Batches(train_loader, "train_loader")
        for k in range(cfg.repeats):
            if k:
                restore(model, optimizer, snap, rng=False)  # same start, the data order moves on
            runs.append(test.sweep(batches, bar))
    finally:
        restore(model, optimizer, snap)
        if bar is not None:
            bar.close()
    settings = {**dataclasses.asdict(cfg), "val_loader": val_loader is not None, "amp": bool(amp)}
    return FinderResult._combine(runs, settings, ratios)


# ---- the steps of find_lr -----------------------------------------------------------------

def _check_model(torch, model, optimizer) -> None:
    if not isinstance(model, torch.nn.Module):
        raise LRKitError(f"find_lr: model must be a torch.nn.Module, got {type(model).__name__}")
    if not isinstance(optimizer, torch.optim.Optimizer):
        raise LRKitError(f"find_lr: optimizer must be a torch.optim.Optimizer, got {type(optimizer).__name__}")


@dataclasses.dataclass(frozen=True)
class _Settings:
    """The sweep's settings, checked (also what the result records)."""

    start_lr: float
    end_lr: float
    num_iter: int
    mode: str
    smooth: float
    diverge_th: float
    accumulation_steps: int
    repeats: int

    @classmethod
    def checked(cls, start_lr, end_lr, num_iter, mode, smooth, diverge_th, accumulation_steps,
                repeats) -> "_Settings":
        start_lr = _check_number("start_lr", start_lr, gt=0)
        end_lr = _check_number("end_lr", end_lr, gt=0)
        if start_lr >= end_lr:
            raise LRKitError(f"find_lr: start_lr must be < end_lr, got start_lr={start_lr:g}, end_lr={end_lr:g}")
        num_iter = _check_int("num_iter", num_iter, 10)
        if mode not in ("exp", "linear"):
            raise LRKitError(f"find_lr: mode must be 'exp' or 'linear', got {mode!r}")
        return cls(start_lr, end_lr, num_iter, mode, _check_number("smooth", smooth, ge=0, lt=1),
                   _check_number("diverge_th", diverge_th, gt=1),
                   _check_int("accumulation_steps", accumulation_steps, 1), _check_int("repeats", repeats, 1))

    def plan(self) -> np.ndarray:
        """The LR of each step: geometric (``exp``) or linear from ``start_lr``, ending exactly at ``end_lr``."""
        frac = np.arange(self.num_iter) / (self.num_iter - 1)
        if self.mode == "exp":
            plan = self.start_lr * (self.end_lr / self.start_lr) ** frac
        else:
            plan = self.start_lr + (self.end_lr - self.start_lr) * frac
        plan[-1] = self.end_lr
        return plan


def _check_loss(loss_fn, step_fn) -> None:
    if step_fn is None and loss_fn is None:
        raise LRKitError("find_lr: pass loss_fn=… (called as loss_fn(model(inputs), targets)) "
                         "or step_fn=… (batch -> scalar loss)")
    if step_fn is not None and not callable(step_fn):
        raise LRKitError(f"find_lr: step_fn must be callable, got {type(step_fn).__name__}")
    if loss_fn is not None and not callable(loss_fn):
        raise LRKitError(f"find_lr: loss_fn must be callable, got {type(loss_fn).__name__}")


def _lr_ratios(model, optimizer) -> list[float]:
    """Each param group's LR over group 0's (the sweep sets group 0's LR and keeps these ratios)."""
    in_model = {id(p) for p in model.parameters()}
    stray = [p for g in optimizer.param_groups for p in g["params"] if id(p) not in in_model]
    if stray:
        raise LRKitError(f"find_lr: the optimizer holds {len(stray)} parameter(s) that are not in the model "
                         f"(first has shape {tuple(stray[0].shape)}): build the optimizer on this model's "
                         f"parameters")
    lr0 = float(optimizer.param_groups[0]["lr"])
    if not lr0 > 0:
        raise LRKitError(f"find_lr: param group 0 has lr={lr0!r}; it must be > 0 to keep the groups' LR ratios")
    return [float(g["lr"]) / lr0 for g in optimizer.param_groups]


def _device(torch, model, device):
    """Where batches go: ``device``, which must be the model's, else the model's."""
    model_dev = next((p.device for p in model.parameters()), torch.device("cpu"))
    dev = torch.device(device) if device is not None else model_dev
    if dev.type != model_dev.type or (dev.index is not None and model_dev.index is not None
                                      and dev.index != model_dev.index):
        raise LRKitError(f"find_lr: device={str(dev)!r} but the model is on {str(model_dev)!r}: "
                         f"move the model first (model.to(device)) and build the optimizer after")
    return dev


def _progress_bar(enabled: bool, total: int):
    if not enabled:
        return None
    try:
        from tqdm.auto import tqdm
    except ModuleNotFoundError:  # pragma: no cover - tqdm is optional
        return None
    return tqdm(total=total, desc="LR range test", leave=False)


class _RangeTest:
    """One sweep on the user's model: set the LR, measure the loss, step, and stop when it diverges."""

    def __init__(self, model, optimizer, cfg: _Settings, ratios: list[float], dev, loss_fn, step_fn, val_loader,
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

    def sweep(self, batches: _Batches, bar) -> FinderRun:
        """Raise the LR step by step along the plan, recording the loss, until the stop rule fires."""
        cfg = self.cfg
        self.model.train()
        lrs: list[float] = []
        raw: list[float] = []
        sm: list[float] = []
        best = None
        prev = None
        stop = "completed"
        for i in range(cfg.num_iter):
            lr = float(self.plan[i])
            value = self._measure(lr, batches, first=(i == 0))
            lrs.append(lr)
            raw.append(value)
            if bar is not None:
                bar.update(1)
            if not math.isfinite(value):
                sm.append(value)
                stop = "non-finite loss"
                break
            self._step()
            s = value if prev is None or cfg.smooth == 0 else cfg.smooth * value + (1 - cfg.smooth) * prev
            prev = s
            sm.append(s)
            if best is None or s < best:
                best = s
            if i > 0 and s > best + (cfg.diverge_th - 1.0) * abs(best):
                stop = "diverged"
                break
        return FinderRun(np.array(lrs), np.array(raw), np.array(sm), stop)

    def _measure(self, lr: float, batches: _Batches, first: bool) -> float:
        """Set ``lr`` and backpropagate one step's batches; the loss (on val_loader if given, mean over DDP ranks)."""
        self._set_lr(lr)
        self.optimizer.zero_grad(set_to_none=True)
        n = self.cfg.accumulation_steps
        value = 0.0
        for _ in range(n):
            part = self._loss_of_batch(batches.next(), first) / n
            (self.scaler.scale(part) if self.scaler is not None else part).backward()
            value += float(part.detach().float())
        if self.val_loader is not None and math.isfinite(value):
            value = self._validate()
        if self.ddp_mean is not None:
            value = self.ddp_mean(value)
        return value

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
