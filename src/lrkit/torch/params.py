"""``lrkit.torch.ParamScheduler``: the LR and any other hyperparameter, each on its own lrkit schedule.

Modern recipes schedule more than the LR: weight decay (MMEngine, Megatron),
momentum or Adam's ``beta1`` (one-cycle), ``beta2``. ``ParamScheduler`` takes one
spec per hyperparameter and writes all of them at every optimizer update, from
the same position (real updates counted) as :class:`lrkit.torch.LRScheduler`,
which it is: the ``"lr"`` schedule runs through the LR machinery (plateau,
``per="epoch"``, token budgets, tensor LRs, resume), and every other key's value
is its schedule's multiplier times the group's *initial* value of that key
(``initial_<key>`` in the param group, set at construction like torch's
``initial_lr``, so a restored optimizer keeps its base). Adam's ``betas`` are
addressed as ``beta1`` / ``beta2``.

Why one class, not ``LRScheduler(..., also={...})``: the dict names every
scheduled key in one place (the LR is one of them, and may be left out to leave
the LR to another scheduler), its plan is saved and checked as a whole, and
``LRScheduler`` keeps meaning "the LR scheduler" for trainers and tools that
inspect it. It is an ``LRScheduler`` subclass, so it goes wherever one goes
(``Trainer(optimizers=(opt, sched))``, Lightning's ``{"scheduler": sched,
"interval": "step"}``).

>>> import torch, lrkit.torch
>>> opt = torch.optim.AdamW([torch.nn.Parameter(torch.zeros(2))], lr=1e-3, weight_decay=0.1, betas=(0.9, 0.95))
>>> sched = lrkit.torch.ParamScheduler(opt, {"lr": "warmup(2) >> cosine", "weight_decay": "linear(end_factor=0.5)",
...                                          "beta2": "constant(factor=1.05) * clip(max_lr=0.999)"}, total_steps=4)
>>> for _ in range(4):
...     opt.step(); sched.step()
>>> g = opt.param_groups[0]
>>> round(g["lr"], 6), g["weight_decay"], g["betas"]
(0.0, 0.05, (0.9, 0.9975))
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import torch

from ..errors import LRKitError
from ..schedules import Curve, Schedule
from ..schedules.plateau import Plateau
from ..spec import as_schedule
from .scheduler import LRScheduler

__all__ = ["ParamScheduler"]

_BETAS = {"beta1": 0, "beta2": 1}
_NOT_HYPER = {"params", "initial_lr", "foreach", "fused", "maximize", "capturable", "differentiable",
              "nesterov", "amsgrad", "decoupled_weight_decay", "name"}


def _schedulable(group: Mapping[str, Any]) -> list[str]:
    """The keys of a param group a schedule may drive: its numbers (``betas`` as ``beta1``/``beta2``)."""
    keys = [k for k, v in group.items() if k not in _NOT_HYPER and not k.startswith("initial_")
            and not isinstance(v, bool) and isinstance(v, (int, float, torch.Tensor))]
    if "betas" in group:
        keys += list(_BETAS)
    return keys


def read_param(group: Mapping[str, Any], key: str) -> float:
    """The value of ``key`` in a param group (``beta1``/``beta2`` read from ``betas``)."""
    v = group["betas"][_BETAS[key]] if key in _BETAS else group[key]
    return float(v)


def _store(group: dict, key: str, value: float) -> None:
    if key in _BETAS:
        i = _BETAS[key]
        old = group["betas"][i]
        if isinstance(old, torch.Tensor):
            old.fill_(value)
        else:
            betas = list(group["betas"])
            betas[i] = value
            group["betas"] = tuple(betas)
        return
    old = group[key]
    if isinstance(old, torch.Tensor):
        old.fill_(value)
    else:
        group[key] = value


class ParamScheduler(LRScheduler):
    """Several hyperparameters of an optimizer, each on its own lrkit schedule.

    ``ParamScheduler(optimizer, schedules, total_steps=None, **LRScheduler options)``

    - ``schedules``: ``{key: schedule}``, each a spec string, a
      :class:`lrkit.Schedule` or its dict form. ``key`` is ``"lr"`` or any number in
      the optimizer's param groups (``"weight_decay"``, ``"momentum"``, ``"eps"``),
      with Adam's betas as ``"beta1"`` / ``"beta2"``. Without ``"lr"`` the LR is
      left alone (another scheduler may drive it).
    - every key's value at position ``t`` is ``schedule(t, base=initial)``: its
      multiplier times the group's initial value of the key (``initial_<key>``,
      stored in the group at construction; a restored optimizer keeps it), with
      absolute parameters (``min_lr``, ``clip``) in the key's own units.
    - the other arguments are :class:`LRScheduler`'s (``total_steps``,
      ``steps_per_epoch``, ``per``, ``tokens_per_step``, ``samples_per_step``,
      ``count``, ``restart``, ``base_lrs``, ``group_multipliers`` for the LR).

    Written at construction (unless the groups were restored, as for the LR), at
    every ``step()`` and at ``load_state_dict()``. ``plateau(...)`` is for the LR
    only; a momentum key next to an LR schedule that cycles momentum
    (``onecycle``) is an error, as is a key whose initial value is 0 (a multiplier
    of 0 stays 0). ``state_dict()`` holds every key's spec in the plan;
    ``replan="jump"`` applies to all of them; ``replan="continue"`` (which refits
    the LR) is refused when other keys are scheduled.
    """

    def __init__(self, optimizer: torch.optim.Optimizer, schedules: Mapping[str, Any], total_steps: Any = None,
                 **kwargs: Any) -> None:
        if not isinstance(optimizer, torch.optim.Optimizer):
            raise LRKitError(f"ParamScheduler: optimizer must be a torch.optim.Optimizer, got "
                             f"{type(optimizer).__name__}")
        if not isinstance(schedules, Mapping) or not schedules:
            raise LRKitError("ParamScheduler: schedules must be a non-empty dict {key: schedule}, e.g. "
                             f"{{'lr': 'warmup(5%) >> cosine', 'weight_decay': 'linear(end_factor=0.1)'}}, "
                             f"got {schedules!r}")
        group0 = optimizer.param_groups[0]
        known = _schedulable(group0)
        for key in schedules:
            if key != "lr" and key not in known:
                raise LRKitError(f"ParamScheduler: {type(optimizer).__name__} has no hyperparameter {key!r}; "
                                 f"schedulable here: {', '.join(['lr'] + [k for k in known if k != 'lr'])}")
        self._drive_lr = "lr" in schedules
        # restored from a checkpoint: the groups already carry the initial values this scheduler sets
        self._params_restored = any(f"initial_{k}" in g for k in schedules if k != "lr"
                                    for g in optimizer.param_groups)
        lr_spec = schedules.get("lr", "constant")
        others = {k: as_schedule(v) for k, v in schedules.items() if k != "lr"}
        for key, s in others.items():
            if any(isinstance(n, Plateau) for n in s.walk()):
                raise LRKitError(f"ParamScheduler: plateau(...) is for the LR only, got it in {key!r}: '{s}'")
            if key in ("momentum", "beta1") and any(getattr(n, "cycle_momentum", False)
                                                     for n in as_schedule(lr_spec).walk()):
                raise LRKitError(f"ParamScheduler: the 'lr' schedule '{lr_spec}' cycles momentum itself, so "
                                 f"{key!r} would be written twice; write cycle_momentum=false in it, or leave "
                                 f"{key!r} out")
            for i, g in enumerate(optimizer.param_groups):
                base = g.setdefault(f"initial_{key}", read_param(g, key))
                if float(base) == 0.0:
                    raise LRKitError(f"ParamScheduler: {key!r} starts at 0 in param group {i}, and a schedule "
                                     f"multiplies the initial value, so it would stay 0; set a non-zero {key} "
                                     f"in the optimizer (the peak value)")
        self._params: dict[str, tuple[Schedule, Curve]] = {
            key: (s, self._bind(s, total_steps, kwargs.get("steps_per_epoch"), kwargs.get("per", "step"),
                                tokens_per_step=kwargs.get("tokens_per_step"),
                                samples_per_step=kwargs.get("samples_per_step")))
            for key, s in others.items()}
        super().__init__(optimizer, lr_spec, total_steps, **kwargs)

    def _restored(self, groups: list[dict]) -> bool:
        """Restored when the scheduled keys' initial values were there before (and, with "lr", initial_lr)."""
        return self._params_restored or (self._drive_lr and super()._restored(groups))

    @property
    def param_schedules(self) -> dict[str, Schedule]:
        """``{key: schedule}`` for every key driven besides the LR."""
        return {k: s for k, (s, _) in self._params.items()}

    def values(self, key: str) -> list[float]:
        """The value of ``key`` each param group gets at the current position (``"lr"`` included)."""
        if key == "lr":
            return self.get_lr()
        if key not in self._params:
            raise LRKitError(f"ParamScheduler.values: {key!r} is not scheduled here; scheduled: "
                             f"{', '.join((['lr'] if self._drive_lr else []) + list(self._params))}")
        return self._param_values(key, self._pos)

    def _param_values(self, key: str, pos: int) -> list[float]:
        _, curve = self._params[key]
        if self.total_steps is not None:
            pos = min(pos, self.total_steps)
        groups = self.optimizer.param_groups
        bases = np.asarray([float(g.setdefault(f"initial_{key}", read_param(g, key))) for g in groups], dtype=np.float64)
        # always one (1, groups) evaluation: a resumed run computes exactly what an uninterrupted one did
        return curve(np.asarray([pos], dtype=np.int64), bases)[0].tolist()

    def _write(self) -> None:
        if self._drive_lr:
            super()._write()
        else:
            if len(self.optimizer.param_groups) != len(self.base_lrs):
                self._sync_groups()
            self._last_lr = [g["lr"] for g in self.optimizer.param_groups]
        for key in self._params:
            for g, v in zip(self.optimizer.param_groups, self._param_values(key, self._pos)):
                _store(g, key, v)

    def _plan(self) -> dict[str, Any]:
        params = {k: str(s) for k, (s, _) in self._params.items()}
        if not self._drive_lr:
            params["lr"] = None
        return {**super()._plan(), "params": params}

    def _refit(self, saved: Mapping[str, Any], saved_warp: Any, pos: int) -> Any:
        if self._params:
            raise LRKitError(f"LRScheduler.load_state_dict: replan='continue' refits the LR only, and this "
                             f"ParamScheduler also schedules {', '.join(self._params)}; use replan='jump'")
        return super()._refit(saved, saved_warp, pos)

    def __repr__(self) -> str:
        keys = (["lr"] if self._drive_lr else []) + list(self._params)
        return (f"lrkit.torch.ParamScheduler({', '.join(keys)}; total_steps={self.total_steps}, "
                f"position={self._pos})")
