"""The LR range test itself: checks, the (adaptive) sweep plan and the restore.

One sweep is in :mod:`.sweep`, the exact snapshot and restore in :mod:`.state`.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

import numpy as np

from ..errors import LRKitError, require
from ..schedules.validate import check_float, check_int
from .confidence import memorises, no_curve
from .probe import NOTE, run_probe
from .result import FinderResult, FinderRun
from .rules import DEFAULT_RULE
from .state import restore, snapshot
from .sweep import Batches, RangeTest, no_descent

__all__ = ["find_lr", "snapshot", "restore", "sweep_context"]


def _torch():
    return require("torch", by="find_lr", install="pip install lrkit[torch]")


# ---- helpers ---------------------------------------------------------------------------

def _check_number(name: str, v: Any, *, gt: float | None = None, ge: float | None = None,
                  lt: float | None = None) -> float:
    return check_float("find_lr", name, v, gt=gt, ge=ge, lt=lt)


def _check_int(name: str, v: Any, minimum: int) -> int:
    return check_int("find_lr", name, v, ge=minimum)


# ---- the public function -----------------------------------------------------------------

def find_lr(model, optimizer, train_loader, loss_fn: Callable | None = None, *, start_lr: float = 1e-7,
            end_lr: float = 10.0, num_iter: int = 100, mode: str = "exp", smooth: float | str = "auto",
            diverge_th: float = 5.0, accumulation_steps: int = 1, amp: bool = False, val_loader=None,
            device=None, step_fn: Callable | None = None, repeats: int = 1, progress: bool = True,
            rise_th: float | str | None = "auto", adapt: bool = True, max_iter: int | None = None,
            confirm: bool | str = "auto", confirm_steps: int | None = None) -> FinderResult:
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
      ``best + (diverge_th - 1) * |best|`` (= ``diverge_th * best`` for positive losses), or
      the trailing median of the last 5 raw losses above ``best + (rise_th - 1) * |best|``
      (``best`` its lowest) for 8 steps running (a bounded or clipped loss that turns up but
      cannot blow up). ``rise_th="auto"``: ``0.6 * diverge_th`` (3 with the
      default ``diverge_th=5``; off when that is below 1.5); ``None`` turns it off.
      ``result.stop_rule`` says which stop fired.
    - ``adapt`` (default on): when the loss has not descended at all (the smoothed loss never
      2% below its start) in a sweep that got at least halfway, sweep the same range
      again from the same start, more slowly, with the rest of the budget ``max_iter``
      (default ``4 * num_iter`` steps for both sweeps; nothing happens unless the rest is
      more than ``num_iter``); later repeats use the slower sweep. Each adaptation is
      recorded in ``result.adaptations``.
    - ``confirm`` (default ``"auto"``): when the result's confidence is low, check the suggestion
      with short constant-LR runs from the same start (:mod:`lrkit.finder.probe`): the curve's
      suggestion, ÷3, ×3, further past an edge and refined around the best, each
      ``confirm_steps`` optimizer steps (default: the planned ``num_iter``), scored by the mean
      training loss of its last fifth (the validation loss with ``val_loader``); at most 11 runs,
      stated in ``result.adaptations``. ``suggest()`` then returns the best run's LR and
      ``result.probe`` holds every run. Not run by ``"auto"`` when the sweep went over small
      training data 6 times or more without ``val_loader`` (a training loss that also falls by
      memorising would pick too high an LR; pass ``val_loader``). ``True``: always; ``False``: never.
    - ``smooth``: weight of the new point in the EMA (torch-lr-finder's ``smooth_f``); ``"auto"``: 0.05,
      or 0 (no smoothing) with ``val_loader``, whose loss is measured on the same data at every step,
      so it has no sampling noise for the EMA to remove, only the EMA's lag (about 1.5 decades).
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
    if isinstance(smooth, str):
        if smooth != "auto":
            raise LRKitError(f"find_lr: smooth must be a number in [0, 1) or 'auto', got {smooth!r}")
        smooth = 0.0 if val_loader is not None else 0.05
    cfg = _Settings.checked(start_lr, end_lr, num_iter, mode, smooth, diverge_th, accumulation_steps, repeats,
                            rise_th)
    budget = _check_budget(adapt, max_iter, cfg.num_iter)
    confirm, confirm_steps = _check_confirm(confirm, confirm_steps, cfg.num_iter)
    _check_loss(loss_fn, step_fn)
    ratios = _lr_ratios(model, optimizer)
    test = RangeTest(model, optimizer, cfg, ratios, _device(torch, model, device), loss_fn, step_fn, val_loader, amp)
    bar = _progress_bar(progress and test.rank == 0, cfg.num_iter * cfg.repeats)
    snap = snapshot(model, optimizer)
    runs: list[FinderRun] = []
    adaptations: list[str] = []
    try:
        batches = Batches(train_loader, "train_loader")
        for k in range(cfg.repeats):
            if k:
                restore(model, optimizer, snap, rng=False)  # same start, the data order moves on
            runs.append(test.sweep(batches, bar))
            if k == 0 and adapt and no_descent(runs[0], test.cfg) and budget - cfg.num_iter > cfg.num_iter:
                adaptations.append(test.slow_down(budget - test.cfg.num_iter, _batches_per_pass(train_loader)))
                if bar is not None:
                    bar.total = cfg.num_iter + test.cfg.num_iter * cfg.repeats
                    bar.refresh()
                restore(model, optimizer, snap, rng=False)
                runs[0] = test.sweep(batches, bar)
        settings = {**dataclasses.asdict(test.cfg), "val_loader": val_loader is not None, "amp": bool(amp),
                    "planned_num_iter": cfg.num_iter, "max_iter": budget if adapt else None,
                    "batches_per_pass": _batches_per_pass(train_loader), **sweep_context(model, optimizer)}
        res = FinderResult._combine(runs, settings, ratios, adaptations)
        start = res.suggestions()[DEFAULT_RULE]
        if start is not None and not no_curve(res) and (confirm is True or (
                confirm == "auto" and res.confidence == "low" and not memorises(res))):
            probe = run_probe(test, model, optimizer, snap, batches, start, confirm_steps, bar)
            res = FinderResult._combine(runs, {**settings, "confirm_steps": confirm_steps}, ratios,
                                        adaptations + [_probe_note(probe, start, res.confidence)], probe=probe)
    finally:
        restore(model, optimizer, snap)
        if bar is not None:
            bar.close()
    return res


def _probe_note(probe: dict, start: float, level: str) -> str:
    """The confirmation in words for ``result.adaptations``."""
    ran = ", ".join(f"{r['lr']:.3g}" for r in probe["runs"])
    return (f"{NOTE} {len(probe['runs'])} runs of {probe['steps']} steps from the same start (the curve's confidence: "
            f"{level}), scored by the {probe['score']}, at lr = {ran}: the best at {probe['best_lr']:.3g} "
            f"({probe['best_lr'] / start:.2g}x the curve's suggestion {start:.3g})"
            + ("" if probe["backed_off_from"] is None else
               f"; {probe['backed_off_from']:.3g} scored lowest but the next higher LR diverged, so the next lower, "
               f"within 2% of it")
            + ("" if probe["replayed"] else "; each run drew its own batches (too many to keep for replay)"))


# ---- the steps of find_lr -----------------------------------------------------------------

def sweep_context(model, optimizer) -> dict:
    """What the confidence needs to know about the model and optimizer, as plain data for the result's settings.

    ``optimizer``: its class name; ``plain_sgd``: it is ``torch.optim.SGD`` (or a subclass: one LR
    for every weight, no per-parameter scaling); ``sequence_model``: the model has a recurrent layer
    (``nn.RNNBase``: RNN, LSTM, GRU) or an attention layer (``nn.MultiheadAttention``, or a module whose
    class name ends in ``Attention``, as in transformers' models).

    >>> import torch
    >>> m = torch.nn.GRU(4, 8)
    >>> sweep_context(m, torch.optim.SGD(m.parameters(), lr=0.1))
    {'optimizer': 'SGD', 'plain_sgd': True, 'sequence_model': True}
    """
    torch = _torch()
    seq = any(isinstance(m, (torch.nn.RNNBase, torch.nn.MultiheadAttention)) or type(m).__name__.endswith("Attention")
              for m in model.modules())
    return {"optimizer": type(optimizer).__name__, "plain_sgd": isinstance(optimizer, torch.optim.SGD),
            "sequence_model": bool(seq)}


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
    rise_th: float | None = None

    @classmethod
    def checked(cls, start_lr, end_lr, num_iter, mode, smooth, diverge_th, accumulation_steps,
                repeats, rise_th=None) -> "_Settings":
        start_lr = _check_number("start_lr", start_lr, gt=0)
        end_lr = _check_number("end_lr", end_lr, gt=0)
        if start_lr >= end_lr:
            raise LRKitError(f"find_lr: start_lr must be < end_lr, got start_lr={start_lr:g}, end_lr={end_lr:g}")
        num_iter = _check_int("num_iter", num_iter, 10)
        if mode not in ("exp", "linear"):
            raise LRKitError(f"find_lr: mode must be 'exp' or 'linear', got {mode!r}")
        diverge_th = _check_number("diverge_th", diverge_th, gt=1)
        if isinstance(rise_th, str) and rise_th == "auto":
            rise_th = 0.6 * diverge_th if 0.6 * diverge_th >= 1.5 else None
        elif rise_th is not None:
            if isinstance(rise_th, str):
                raise LRKitError(f"find_lr: rise_th must be a number > 1, 'auto' or None (off), got {rise_th!r}")
            rise_th = _check_number("rise_th (a number > 1, 'auto' or None)", rise_th, gt=1)
        return cls(start_lr, end_lr, num_iter, mode, _check_number("smooth", smooth, ge=0, lt=1), diverge_th,
                   _check_int("accumulation_steps", accumulation_steps, 1), _check_int("repeats", repeats, 1),
                   rise_th)

    def plan(self) -> np.ndarray:
        """The LR of each step: geometric (``exp``) or linear from ``start_lr``, ending exactly at ``end_lr``."""
        frac = np.arange(self.num_iter) / (self.num_iter - 1)
        if self.mode == "exp":
            plan = self.start_lr * (self.end_lr / self.start_lr) ** frac
        else:
            plan = self.start_lr + (self.end_lr - self.start_lr) * frac
        plan[-1] = self.end_lr
        return plan


def _check_budget(adapt, max_iter, num_iter: int) -> int:
    """The adaptive sweep's budget in steps per repeat (first sweep included): ``max_iter`` or ``4 * num_iter``."""
    if not isinstance(adapt, bool):
        raise LRKitError(f"find_lr: adapt must be True or False, got {adapt!r}")
    if max_iter is None:
        return 4 * num_iter
    if not adapt:
        raise LRKitError("find_lr: max_iter is the adaptive sweep's budget; it needs adapt=True")
    return check_int("find_lr", "max_iter", max_iter, ge=num_iter, note=f"at least num_iter={num_iter}")


def _check_confirm(confirm, steps, num_iter: int) -> tuple[bool | str, int]:
    """``confirm`` (True, False or "auto") and the steps of each confirming run (default ``num_iter``)."""
    if not (isinstance(confirm, bool) or confirm == "auto"):
        raise LRKitError(f"find_lr: confirm must be True, False or 'auto' (when the confidence is low), "
                         f"got {confirm!r}")
    if steps is None:
        return confirm, num_iter
    return confirm, check_int("find_lr", "confirm_steps", steps, ge=5, note="optimizer steps per confirming run")


def _batches_per_pass(loader) -> int | None:
    try:
        n = len(loader)
    except TypeError:
        return None
    return n if isinstance(n, int) and n > 0 else None


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

