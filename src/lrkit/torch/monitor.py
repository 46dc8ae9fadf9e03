"""``Monitor``: watch a real training loop for learning-rate scheduling mistakes while it runs.

It attaches to the optimizer (``register_step_post_hook``) and to the scheduler
(its ``step`` is wrapped on the instance), logs the LR of every param group
after each optimizer step, and reports what only shows while training, with
the rule codes and texts of :mod:`lrkit.diagnostics` (the ones ``lrkit doctor``
uses), each once, as an :class:`lrkit.LRKitWarning` and in :meth:`Monitor.summary`. The checks
on the LR and loss series (LR012, LR014, LR015) are the rule objects of :mod:`lrkit.series_rules`,
the same ones ``lrkit diagnose`` runs on a finished run's logs.

>>> import warnings, torch, lrkit.torch
>>> p = torch.nn.Parameter(torch.zeros(1))
>>> opt = torch.optim.SGD([p], lr=0.1)
>>> sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=3)      # 3 epochs ...
>>> mon = lrkit.torch.Monitor(opt, sched, total_steps=30, steps_per_epoch=10)
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     for step in range(10):                                              # ... stepped per batch
...         p.grad = torch.ones(1); opt.step(); sched.step()
...     mon.epoch_end()
>>> sorted(f.code for f in mon.findings)   # epoch-sized schedule per batch; stepped past T_max
['LR001', 'LR013']
>>> mon.close()
"""

from __future__ import annotations

import csv
import math
import os
import warnings
from collections import deque
from typing import Any, Callable

import numpy as np
import torch

from ..diagnostics import Finding, finding
from ..errors import LRKitError, LRKitWarning
from ..schedules.validate import check_float, check_int
from ..series_rules import LossSpike, LRFloorEarly, NonFiniteLoss, Series
from .params import read_param

__all__ = ["Monitor"]

FLOOR_FRACTION = 0.01      # "at its floor": <= 1% of the peak LR seen so far
EARLY_FRACTION = 0.10      # ... before 10% of the planned run
_SPIKE_MIN_LOSSES = 20     # losses seen before the spike check starts (a stable median)


def _length(s: Any) -> tuple[int, str] | None:
    """A torch scheduler's planned number of ``step()`` calls, and how it was given."""
    sch = torch.optim.lr_scheduler
    if isinstance(s, sch.CosineAnnealingLR):
        return int(s.T_max), f"T_max={s.T_max}"
    if isinstance(s, sch.OneCycleLR):
        return int(s.total_steps), f"total_steps={s.total_steps}"
    if isinstance(s, sch.PolynomialLR):
        return int(s.total_iters), f"total_iters={s.total_iters}"
    if isinstance(s, sch.MultiStepLR) and s.milestones:
        m = max(s.milestones)
        return int(m), f"milestones up to {m}"
    if isinstance(s, sch.SequentialLR):
        last = _length(s._schedulers[-1])
        if last is not None and s._milestones:
            n = int(s._milestones[-1]) + last[0]
            return n, f"milestones[-1] + {last[1]} = {n}"
    return None


def _is_plateau(s: Any) -> str | None:
    if isinstance(s, torch.optim.lr_scheduler.ReduceLROnPlateau):
        return "ReduceLROnPlateau"
    if getattr(s, "controller", None) is not None:   # lrkit.torch.LRScheduler with a plateau
        return "lrkit plateau"
    return None


class Monitor:
    """Log the LR and catch scheduling mistakes during a real training loop.

    Parameters
    ----------
    optimizer : torch.optim.Optimizer
    scheduler : a torch scheduler, an ``lrkit.torch.LRScheduler`` or None
    total_steps : the planned number of optimizer steps (enables the "floor before 10%",
        "past the end" and unit checks)
    steps_per_epoch : optimizer steps per epoch; epochs are then inferred, otherwise call
        :meth:`epoch_end` after each epoch (after ``scheduler.step()``)
    log : where to log the LR of every group after each optimizer step: a callable
        ``f(step, lrs)``, a ``.csv`` path, a ``SummaryWriter`` (anything with ``add_scalar``),
        or another path (a TensorBoard log directory). With a :class:`lrkit.torch.ParamScheduler`
        as ``scheduler``, the other hyperparameters it drives are logged beside the LR, as the
        optimizer holds them (``weight_decay/group_0``, CSV column ``beta2_group_0`` …) and kept in
        :attr:`param_history` (``{key: [values of every group at each step]}``); a callable ``log``
        still gets the LRs only.
    loss_spike : a loss above this multiple of the recent median is a spike (see :meth:`observe_loss`)
    spike_window : how many recent losses the median is taken over (at least 20; the check
        starts once 20 losses were seen)
    warn : issue each finding as an :class:`lrkit.LRKitWarning` when found

    Findings: LR001 (epoch schedule stepped per batch), LR002 (step schedule stepped per
    epoch), LR003 (plateau never fed a metric), LR010 (scheduler before optimizer), LR012
    (LR at its floor before 10% of the run), LR013 (stepped past the planned length), LR014
    (non-finite loss), LR015 (loss spike). Use it as a context manager or call :meth:`close`.
    """

    def __init__(self, optimizer: torch.optim.Optimizer, scheduler: Any = None, total_steps: int | None = None,
                 steps_per_epoch: int | None = None, log: Any = None, loss_spike: float = 5.0,
                 spike_window: int = 50, warn: bool = True):
        if not isinstance(optimizer, torch.optim.Optimizer):
            raise LRKitError(f"Monitor: optimizer must be a torch.optim.Optimizer, got {type(optimizer).__name__}")
        for name, v in (("total_steps", total_steps), ("steps_per_epoch", steps_per_epoch)):
            check_int("Monitor", name, v, ge=1, optional=True)
        check_float("Monitor", "loss_spike", loss_spike, gt=1, rule="a number > 1", shown=repr(loss_spike))
        check_int("Monitor", "spike_window", spike_window, ge=_SPIKE_MIN_LOSSES,
                  note="the spike check needs that many losses")
        self.optimizer, self.scheduler = optimizer, scheduler
        self.total_steps, self.steps_per_epoch = total_steps, steps_per_epoch
        self.loss_spike, self.warn = float(loss_spike), warn
        self.findings: list[Finding] = []
        self.history: list[list[float]] = []      # LR of every group at each optimizer step
        # the other hyperparameters a ParamScheduler drives (weight_decay, momentum, beta1, beta2 ...)
        self.param_keys: list[str] = list(getattr(scheduler, "param_schedules", {}) or {})
        self.param_history: dict[str, list[list[float]]] = {k: [] for k in self.param_keys}
        self.optimizer_steps = self.scheduler_steps = self.metric_steps = 0
        self.epochs = 0
        self._epoch_opt = self._epoch_sched = 0
        self._explicit_epochs = False
        self._peak = 0.0
        self._losses: deque[float] = deque(maxlen=spike_window)
        # the series rules lrkit diagnose runs on logs, run here on the steps seen so far
        self._floor_rule = LRFloorEarly(floor=FLOOR_FRACTION, early=EARLY_FRACTION)
        self._nonfinite_rule = NonFiniteLoss()
        self._spike_rule = LossSpike(ratio=self.loss_spike, window=spike_window, min_history=_SPIKE_MIN_LOSSES)
        self._log, self._csv_file, self._csv, self._own_writer = self._make_log(log)
        self._handle = optimizer.register_step_post_hook(self._on_optimizer_step)
        self._plateau = _is_plateau(scheduler) if scheduler is not None else None
        self._length = _length(scheduler) if scheduler is not None else None
        if scheduler is not None:
            self._wrap(scheduler)

    # -- attaching ------------------------------------------------------------------------------
    def _wrap(self, scheduler: Any) -> None:
        original = scheduler.step
        cls_state_dict = type(scheduler).state_dict

        def step(*args: Any, **kwargs: Any) -> Any:
            out = original(*args, **kwargs)
            has_metric = bool(args) and args[0] is not None or kwargs.get("metrics", kwargs.get("metric")) is not None
            self._on_scheduler_step(has_metric)
            return out

        def state_dict() -> dict:
            d = cls_state_dict(scheduler)
            return {k: v for k, v in d.items() if k not in ("step", "state_dict")}

        scheduler.step = step
        scheduler.state_dict = state_dict

    def close(self) -> None:
        """Detach from the optimizer and scheduler and close the log (idempotent)."""
        if self._handle is not None:
            self._handle.remove()
            self._handle = None
        s = self.scheduler
        if s is not None:
            for attr in ("step", "state_dict"):
                s.__dict__.pop(attr, None)
        if self._csv_file is not None:
            self._csv_file.close()
            self._csv_file = None
        if self._own_writer is not None:
            self._own_writer.close()
            self._own_writer = None

    def __enter__(self) -> "Monitor":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _make_log(self, log: Any) -> tuple[Callable | None, Any, Any, Any]:
        if log is None:
            return None, None, None, None
        if hasattr(log, "add_scalar"):
            return self._to_writer(log), None, None, None
        if callable(log):
            return log, None, None, None
        if isinstance(log, (str, os.PathLike)):
            path = os.fspath(log)
            if path.endswith(".csv"):
                f = open(path, "w", newline="")
                w = csv.writer(f)
                groups = range(len(self.optimizer.param_groups))
                w.writerow(["step", "epoch"] + [f"{k}_group_{i}" for k in ["lr", *self.param_keys] for i in groups])
                return (lambda step, lrs: w.writerow([step, self.epochs] + lrs + [
                    v for k in self.param_keys for v in self.param_history[k][-1]])), f, w, None
            from torch.utils.tensorboard import SummaryWriter

            writer = SummaryWriter(log_dir=path)
            return self._to_writer(writer), None, None, writer
        raise LRKitError(f"Monitor: log must be a callable, a .csv path, a SummaryWriter or a TensorBoard "
                         f"directory, got {type(log).__name__}")

    def _to_writer(self, writer: Any) -> Callable:
        def write(step: int, lrs: list[float]) -> None:
            for i, lr in enumerate(lrs):
                writer.add_scalar(f"lr/group_{i}", lr, step)
            for k in self.param_keys:
                for i, v in enumerate(self.param_history[k][-1]):
                    writer.add_scalar(f"{k}/group_{i}", v, step)
        return write

    # -- events ---------------------------------------------------------------------------------
    def _lrs(self) -> list[float]:
        return [float(g["lr"]) for g in self.optimizer.param_groups]

    def _param_values(self, key: str) -> list[float]:
        """The value of ``key`` each group used (``beta1``/``beta2`` read from ``betas``)."""
        return [read_param(g, key) for g in self.optimizer.param_groups]

    def _on_optimizer_step(self, optimizer: Any, args: Any, kwargs: Any) -> None:
        spe = self.steps_per_epoch
        if spe and not self._explicit_epochs and self.optimizer_steps and self.optimizer_steps % spe == 0:
            self._close_epoch()
        self.optimizer_steps += 1
        self._epoch_opt += 1
        lrs = self._lrs()
        self.history.append(lrs)
        for k in self.param_keys:
            self.param_history[k].append(self._param_values(k))
        if self._log is not None:
            self._log(self.optimizer_steps, lrs)
        k, lr = self.optimizer_steps, lrs[0]
        if self.total_steps is not None and k == self.total_steps + 1:
            self._report("LR013", what="the optimizer", count=k, planned=f"total_steps={self.total_steps}",
                         unit="optimizer steps")
        self._peak = max(self._peak, lr)
        if self.total_steps is not None and k == math.ceil(EARLY_FRACTION * self.total_steps):
            seen = Series(steps=np.arange(1, k + 1), lr=[h[0] for h in self.history], total_steps=self.total_steps)
            for hit in self._floor_rule.check(seen):
                self._report(hit.code, **hit.values)

    def _on_scheduler_step(self, has_metric: bool) -> None:
        self.scheduler_steps += 1
        self._epoch_sched += 1
        self.metric_steps += bool(has_metric)
        name = type(self.scheduler).__name__
        if self.optimizer_steps == 0 and not self._plateau:
            self._report("LR010", scheduler=name, optimizer=type(self.optimizer).__name__)
        if self._length is not None and self.scheduler_steps == self._length[0] + 1:
            self._report("LR013", what=f"{name} (scheduler.step())", count=self.scheduler_steps,
                         planned=self._length[1], unit="scheduler steps")

    def epoch_end(self) -> None:
        """Mark the end of an epoch (call it after the epoch's ``scheduler.step()``)."""
        self._explicit_epochs = True
        self._close_epoch()

    def _close_epoch(self) -> None:
        n_opt, n_sched = self._epoch_opt, self._epoch_sched
        self._epoch_opt = self._epoch_sched = 0
        if n_opt == 0:
            return
        self.epochs += 1
        s = self.scheduler
        if s is None or self._plateau is not None:
            if self._plateau is not None and self.epochs >= 2 and self.metric_steps == 0:
                self._report("LR003", kind=self._plateau, scheduler=type(s).__name__)
            return
        if n_opt < 2 or self._length is None or type(s).__module__.startswith("lrkit."):
            return
        length, how = self._length
        spe = self.steps_per_epoch or n_opt
        planned_epochs = math.ceil(self.total_steps / spe) if self.total_steps else None
        name = type(s).__name__
        if n_sched >= max(2, n_opt // 2):
            if (planned_epochs is not None and length <= planned_epochs) or (planned_epochs is None and length < n_opt):
                self._report("LR001", sched_desc=name, arg=how.split("=")[0] if "=" in how else "length",
                             length=str(length), span=str(length), ctor=name)
        elif n_sched == 1 and planned_epochs is not None and length > 1.5 * planned_epochs:
            self._report("LR002", sched_desc=name, length=how, fraction=f"{planned_epochs / length:.1%}",
                         scheduler="scheduler")

    def observe_loss(self, loss: Any) -> None:
        """Feed the training loss (a float or a tensor) once per step; flags NaN/inf and spikes with the LR."""
        try:
            value = float(loss.detach().float().item()) if isinstance(loss, torch.Tensor) else float(loss)
        except (TypeError, ValueError, RuntimeError):  # text, None, a tensor of several losses
            raise LRKitError(f"Monitor.observe_loss: loss must be one number (a float or a one-element "
                             f"tensor), got {loss!r}") from None
        lrs = "[" + ", ".join(f"{x:.3g}" for x in self._lrs()) + "]"
        k = self.optimizer_steps
        if not math.isfinite(value):
            for hit in self._nonfinite_rule.check(Series(steps=[k], lr=[0.0], loss=[value])):
                self._report(hit.code, **dict(hit.values, lrs=lrs))
            return
        if len(self._losses) >= _SPIKE_MIN_LOSSES:
            recent = Series(loss=[*self._losses, value], loss_steps=np.r_[np.zeros(len(self._losses)), k])
            for hit in self._spike_rule.check(recent, start=len(self._losses)):
                self._report(hit.code, **dict(hit.values, lrs=lrs))
        self._losses.append(value)

    # -- reporting ------------------------------------------------------------------------------
    def _report(self, code: str, **values: Any) -> None:
        if any(f.code == code for f in self.findings):
            return
        f = finding(code, **values)
        self.findings.append(f)
        if self.warn:
            warnings.warn(f"{code} {f.message}. Fix: {f.fix}", LRKitWarning, stacklevel=4)

    def summary(self) -> str:
        """What was seen and every finding (also closes a complete last epoch and checks the plateau feed)."""
        spe = self.steps_per_epoch
        if self._epoch_opt and (self._explicit_epochs is False and spe and self._epoch_opt == spe):
            self._close_epoch()
        if self._plateau is not None and self.optimizer_steps and self.metric_steps == 0:
            self._report("LR003", kind=self._plateau, scheduler=type(self.scheduler).__name__)
        lines = [f"lrkit Monitor: {self.optimizer_steps} optimizer steps, {self.scheduler_steps} scheduler steps, "
                 f"{self.epochs} epochs"]
        if self.history:
            first, last = self.history[0], self.history[-1]
            lines.append(f"  LR (group 0): first {first[0]:.4g}, peak {self._peak:.4g}, last {last[0]:.4g}")
        if not self.findings:
            lines.append("  no findings")
        for f in self.findings:
            lines.append(f"  {f.code} {f.message}")
            lines.append(f"      fix: {f.fix}")
        return "\n".join(lines)
