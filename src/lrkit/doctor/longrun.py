"""LR051: a decaying schedule sized for more epochs than the one loop that steps it runs, both counts written in
the file (``num_training_steps=len(train_loader) * 3`` beside ``for epoch in range(num_epochs)`` with
``num_epochs = 1``): the run stops with the LR still high. Called from the horizon rules (horizon.py) with the
:class:`~lrkit.doctor.rules.Checker`."""

from __future__ import annotations

import ast
import math
from typing import TYPE_CHECKING

from .batchsize import batch_sizes
from .context import StepCall, epoch_gated, unwrap
from .symbols import Obj, ident, text

if TYPE_CHECKING:   # pragma: no cover
    from .rules import Checker

__all__ = ["longer_than_run"]


def longer_than_run(chk: "Checker", ev: StepCall, per: str, arg: str, expr: ast.expr) -> None:
    """LR051: a decay to its floor sized for more epochs than the one loop that steps it runs
    (``num_training_steps=len(train_loader) * 3`` beside ``for epoch in range(num_epochs)`` with
    ``num_epochs = 1``), both counts written in the file (not an option's default, which a run may change),
    when the run stops with the LR still at a quarter of its peak or more."""
    o = ev.obj
    family = _decay_family(o, chk.res.value(o.arg("name"), o.scope or chk.m.module_scope))
    if family is None or epoch_gated(ev) or chk.built_in_loop(o, ev) or not _one_loop(chk, o, ev):
        return
    epochs = _written_epochs(chk, ev)
    scope = o.scope or chk.m.module_scope
    if per == "epoch" or arg == "epochs":   # OneCycleLR(epochs=..., steps_per_epoch=len(loader))
        planned = chk.res.value(expr, scope)
    else:
        planned = chk.epochs_factor(expr, scope)
        if planned is None and batch_sizes(chk, o) and set(batch_sizes(chk, o)) == {1}:
            planned = chk.epochs_factor(expr, scope, examples=True)   # batch size 1: examples are batches
    if not (isinstance(planned, int) and isinstance(epochs, int) and 0 < epochs < planned):
        return
    r = epochs / planned
    if family == "onecycle":   # rising for pct_start of the run (0.3 by default), then a cosine down
        pct = chk.res.value(o.arg("pct_start"), scope) if o.arg("pct_start") is not None else 0.3
        if not isinstance(pct, float) or not 0 < pct < 1:
            return
        r = max(0.0, (r - pct) / (1 - pct))
    left = (1 + math.cos(math.pi * r)) / 2 if family in ("cosine", "onecycle") else 1 - r
    if left < 0.25:
        return
    what = f"{o.desc} ({arg}={text(expr)})"
    unit = "epochs" if per == "epoch" else "epochs of batches"
    chk.add(o.node, "LR051", what=what, planned=f"{planned} {unit}",
             epochs="1 epoch" if epochs == 1 else f"{epochs} epochs",
             reached=f"{r:.0%}", left=f"{left:.0%}")

def _one_loop(chk: "Checker", o: Obj, ev: StepCall) -> bool:
    """Every hand call of ``o`` runs in the same outermost loop, an epoch loop (not a second training stage,
    nor a function called from a loop of rounds or folds)."""
    evs = [e for e in chk.m.sched_steps if e.obj is o]
    outer = {id(e.ctx.loops[0].node) if e.ctx.loops and e.ctx.loops[0].kind == "epoch" else None for e in evs}
    return len(outer) == 1 and None not in outer and all(e.by == "hand" for e in evs) \
        and ev.ctx.loops[0].scope is (o.scope or chk.m.module_scope)

def _written_epochs(chk: "Checker", ev: StepCall) -> int | None:
    """The epoch count of the outermost loop, ``range(n)`` / ``range(1, n + 1)`` with ``n`` a value of the file."""
    loop = ev.ctx.loops[0]
    rng = unwrap(loop.node.iter) if isinstance(loop.node, ast.For) else None
    if not (isinstance(rng, ast.Call) and ident(rng.func) in ("range", "trange") and rng.args):
        return None
    start = chk.res.written(rng.args[0], loop.scope) if len(rng.args) >= 2 else 0
    stop = chk.res.written(rng.args[1] if len(rng.args) >= 2 else rng.args[0], loop.scope)
    ok = isinstance(start, int) and isinstance(stop, int) and not isinstance(stop, bool)
    return stop - start if ok else None


_COSINE = {"CosineAnnealingLR", "get_cosine_schedule_with_warmup", "WarmupCosineSchedule"}
_LINEAR = {"PolynomialLR", "get_linear_schedule_with_warmup", "get_polynomial_decay_schedule_with_warmup",
           "WarmupLinearSchedule"}


def _decay_family(o: Obj, name: object) -> str | None:
    """"cosine" or "linear" for a schedule that decays to its floor over its length (``get_scheduler`` by its
    name); None for the others."""
    if o.lib not in ("torch", "transformers"):
        return None
    if o.cls == "get_scheduler":
        return {"cosine": "cosine", "linear": "linear"}.get(name) if isinstance(name, str) else None
    if o.cls == "PolynomialLR" and o.arg("power") is not None:
        return None   # a power other than 1 comes down another way
    if o.cls == "OneCycleLR":
        return "onecycle" if o.arg("anneal_strategy") is None else None
    return "cosine" if o.cls in _COSINE else "linear" if o.cls in _LINEAR else None
