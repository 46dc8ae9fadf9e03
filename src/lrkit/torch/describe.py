"""``describe(torch_scheduler)``: the lrkit schedule that a torch scheduler follows.

The result ``s`` satisfies ``s.bind()(k, base_lrs) == `` the LR torch writes after
``k`` calls of ``scheduler.step()``, where ``base_lrs`` are the scheduler's
``base_lrs`` (each group's ``initial_lr``) — so ``lrkit plot`` and the doctor can
show what a user's current scheduler does, and ``lrkit.torch.LRScheduler`` can
replace it.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from torch.optim import lr_scheduler as tl

from ..errors import LRKitError
from ..schedules import REGISTRY, Schedule

__all__ = ["describe"]


def _family(name: str) -> Callable[..., Schedule]:
    return REGISTRY[name]


def _uniform(values: Any, what: str, sched: Any) -> Any:
    vals = list(values)
    if any(v != vals[0] for v in vals[1:]):
        raise LRKitError(f"describe: {type(sched).__name__} has a different {what} per param group ({vals}); "
                         "lrkit schedules give every group the same shape")
    return vals[0]


def _whole(x: float, what: str, sched: Any) -> int:
    n = int(round(float(x)))
    if not math.isclose(float(x), n, rel_tol=0, abs_tol=1e-9) or n < 1:
        raise LRKitError(f"describe: {type(sched).__name__} {what}={x} is not a whole number of steps >= 1")
    return n


def describe(scheduler: Any) -> Schedule:
    """The lrkit :class:`~lrkit.Schedule` a torch LR scheduler follows (its steps = ``step()`` calls).

    Supported: ``StepLR``, ``MultiStepLR``, ``ConstantLR``, ``LinearLR``,
    ``ExponentialLR``, ``PolynomialLR``, ``CosineAnnealingLR`` (up to ``T_max``; torch's
    curve rises again after it, lrkit's holds ``eta_min``), ``CosineAnnealingWarmRestarts``,
    ``CyclicLR``, ``OneCycleLR``, ``LambdaLR`` (as ``lambda_``, one function for all
    groups), ``ReduceLROnPlateau``, and ``SequentialLR``/``ChainedScheduler`` of them.
    Anything else is an :class:`lrkit.LRKitError` naming the class.

    >>> import torch, lrkit.torch
    >>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    >>> warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.01, total_iters=50)
    >>> cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=950)
    >>> str(lrkit.torch.describe(torch.optim.lr_scheduler.SequentialLR(opt, [warm, cos], milestones=[50])))
    'warmup(50, start_factor=0.01) >> cosine(950, min_lr=0)'
    """
    for cls, rule in _RULES:
        if isinstance(scheduler, cls):
            return rule(scheduler)
    raise LRKitError(f"describe: {type(scheduler).__module__}.{type(scheduler).__name__} has no lrkit equivalent; "
                     "supported: StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR, PolynomialLR, "
                     "CosineAnnealingLR, CosineAnnealingWarmRestarts, CyclicLR, OneCycleLR, LambdaLR, "
                     "ReduceLROnPlateau, SequentialLR, ChainedScheduler")


# ---- one rule per torch scheduler: its lrkit schedule -------------------------------------
def _sequential(s: tl.SequentialLR) -> Schedule:
    """``a >> b >> …``; a part without a length of its own runs (as ``constant(gap) * part``) to its milestone."""
    parts = [describe(p) for p in s._schedulers]
    bounds = [0, *list(s._milestones)]
    out = []
    for i, p in enumerate(parts[:-1]):
        gap = bounds[i + 1] - bounds[i]
        own = p.length
        if own is None:
            p = _family("constant")(gap) * p
        elif own.unit != "steps" or int(own.value) != gap:
            raise LRKitError(f"describe: SequentialLR runs {p} for {gap} steps (milestones "
                             f"{list(s._milestones)}), not its own length {own}; lrkit cannot cut a part short")
        out.append(p)
    seq = out[0]
    for p in out[1:] + [parts[-1]]:
        seq = seq >> p
    return seq


def _chained(s: tl.ChainedScheduler) -> Schedule:
    parts = [describe(p) for p in s._schedulers]
    prod = parts[0]
    for p in parts[1:]:
        prod = prod * p
    return prod


def _plateau(s: tl.ReduceLROnPlateau) -> Schedule:
    min_lr: Any = s.min_lrs[0] if all(m == s.min_lrs[0] for m in s.min_lrs) else tuple(s.min_lrs)
    return _family("plateau")(mode=s.mode, factor=s.factor, patience=s.patience, threshold=s.threshold,
                              threshold_mode=s.threshold_mode, cooldown=s.cooldown, min_lr=min_lr, eps=s.eps)


def _multistep(s: tl.MultiStepLR) -> Schedule:
    if any(c != 1 for c in s.milestones.values()):
        raise LRKitError(f"describe: MultiStepLR with a repeated milestone ({dict(s.milestones)}) has no "
                         "lrkit equivalent; write it with piecewise(...)")
    return _family("multistep")(sorted(s.milestones), gamma=s.gamma)


def _linear(s: tl.LinearLR) -> Schedule:
    if s.end_factor == 1.0 and s.start_factor < 1.0:
        return _family("warmup")(s.total_iters, start_factor=s.start_factor)
    return _family("linear")(s.total_iters, start_factor=s.start_factor, end_factor=s.end_factor)


def _onecycle(s: tl.OneCycleLR) -> Schedule:
    groups = s.optimizer.param_groups
    peak = _uniform((g["max_lr"] for g in groups), "max_lr", s)
    initial = _uniform((g["initial_lr"] for g in groups), "initial_lr", s)
    final = _uniform((g["min_lr"] for g in groups), "min_lr", s)
    phases = s._schedule_phases
    pct = (phases[0]["end_step"] + 1) / s.total_steps
    kw: dict[str, Any] = dict(max_lr=float(peak), pct_start=pct, anneal_strategy=s._anneal_func_type,
                              div_factor=peak / initial, final_div_factor=initial / final,
                              three_phase=len(phases) == 3, cycle_momentum=s.cycle_momentum)
    if s.cycle_momentum:
        kw["base_momentum"] = _uniform((g["base_momentum"] for g in groups), "base_momentum", s)
        kw["max_momentum"] = _uniform((g["max_momentum"] for g in groups), "max_momentum", s)
    return _family("onecycle")(s.total_steps, **kw)


def _cyclic(s: tl.CyclicLR) -> Schedule:
    up = _whole(s.total_size * s.step_ratio, "step_size_up", s)
    down = _whole(s.total_size - up, "step_size_down", s)
    kw = dict(base_lr=float(_uniform(s.base_lrs, "base_lr", s)), max_lr=float(_uniform(s.max_lrs, "max_lr", s)),
              cycle_momentum=s.cycle_momentum)
    if s._scale_fn_custom is not None:
        kw.update(scale_fn=s._scale_fn_custom, scale_mode=s.scale_mode)
    else:
        kw.update(mode=s.mode, gamma=s.gamma)
    if s.cycle_momentum:
        kw["base_momentum"] = float(_uniform(s.base_momentums, "base_momentum", s))
        kw["max_momentum"] = float(_uniform(s.max_momentums, "max_momentum", s))
    return _family("cyclic")(up, down, **kw)


def _lambda(s: tl.LambdaLR) -> Schedule:
    fn = s.lr_lambdas[0]
    if any(f is not fn for f in s.lr_lambdas[1:]):
        raise LRKitError("describe: LambdaLR with a different function per param group has no lrkit "
                         "equivalent (lambda_ gives every group the same multiplier)")
    return _family("lambda_")(fn)


#: (torch class, its rule), tried in this order.
_RULES: tuple[tuple[type, Callable[[Any], Schedule]], ...] = (
    (tl.SequentialLR, _sequential),
    (tl.ChainedScheduler, _chained),
    (tl.ReduceLROnPlateau, _plateau),
    (tl.StepLR, lambda s: _family("step")(s.step_size, gamma=s.gamma)),
    (tl.MultiStepLR, _multistep),
    (tl.ConstantLR, lambda s: _family("constant")(s.total_iters, factor=s.factor) >> _family("constant")()),
    (tl.LinearLR, _linear),
    (tl.ExponentialLR, lambda s: _family("exponential")(gamma=s.gamma)),
    (tl.PolynomialLR, lambda s: _family("poly")(s.total_iters, power=s.power)),
    (tl.CosineAnnealingLR, lambda s: _family("cosine")(s.T_max, min_lr=s.eta_min)),
    (tl.CosineAnnealingWarmRestarts, lambda s: _family("restarts")(s.T_0, period_mult=s.T_mult, min_lr=s.eta_min)),
    (tl.OneCycleLR, _onecycle),
    (tl.CyclicLR, _cyclic),
    (tl.LambdaLR, _lambda),
)
