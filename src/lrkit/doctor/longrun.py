"""LR051: a decaying schedule sized for more epochs than the one loop that steps it runs, both counts written in
the file (``num_training_steps=len(train_loader) * 3`` beside ``for epoch in range(num_epochs)`` with
``num_epochs = 1``): the run stops with the LR still high. Called from the horizon rules (horizon.py) with the
:class:`~lrkit.doctor.rules.Checker`."""

from __future__ import annotations

import ast
import math
from typing import TYPE_CHECKING

from .batchsize import batch_sizes
from .context import StepCall, epoch_gated, range_bounds
from .symbols import Obj, ident, text

if TYPE_CHECKING:   # pragma: no cover
    from .rules import Checker

__all__ = ["longer_than_run", "warmup_subtracted"]


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

def warmup_subtracted(chk: "Checker", ev: StepCall, per: str, arg: str, expr: ast.expr) -> None:
    """LR013 for ``num_training_steps = epochs * len(loader) - num_warmup_steps`` given to a transformers warm-up
    factory stepped every batch of that loop: transformers counts the warm-up inside ``num_training_steps``, so the
    decay ends ``num_warmup_steps`` steps before the loop does (the linear one holds LR 0 there, the cosine climbs
    back up)."""
    o = ev.obj
    scope = o.scope or chk.m.module_scope
    family = _decay_family(o, chk.res.value(o.arg("name"), scope))
    if per != "batch" or o.lib != "transformers" or family not in ("cosine", "linear"):
        return
    warm = next((o.arg(n) for n in ("num_warmup_steps", "warmup_steps") if o.arg(n) is not None), None)
    total = scope.value_of(expr.id) if isinstance(expr, ast.Name) and scope.value_of(expr.id) is not None else expr
    if warm is None or not (isinstance(total, ast.BinOp) and isinstance(total.op, ast.Sub)):
        return
    same = {ast.dump(warm)} | ({ast.dump(scope.value_of(warm.id))} if isinstance(warm, ast.Name)
                               and scope.value_of(warm.id) is not None else set())
    loop = next((lp for lp in ev.ctx.loops if lp.kind == "epoch" and lp.stop is not None), None)
    if ast.dump(total.right) not in same or loop is None or not any(
            isinstance(n, ast.Call) and ident(n.func) == "len" for n in ast.walk(total.left)) \
            or not any(ast.dump(n) == ast.dump(loop.stop) for n in ast.walk(total.left)):
        return
    what = f"{o.desc} ({arg}={text(total)})"
    chk.add(o.node, "LR013", what=what, count=f"{text(total.left)}", planned=f"{text(total)} steps",
            unit="optimizer steps",
            message=f"{what} ends {text(total.right)} steps before the loop of {text(total.left)} steps does: "
                    "transformers counts the warm-up inside num_training_steps, so subtracting it stops the decay "
                    "early" + (" and the LR climbs back up (a cosine is periodic)" if family == "cosine" else " and the last steps train at LR 0"),
            fix=f"pass the whole run: `num_training_steps={text(total.left)}` (the warm-up is part of it)")


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
    bounds = range_bounds(loop.node)
    if bounds is None:
        return None
    start = chk.res.written(bounds[0], loop.scope) if bounds[0] is not None else 0
    stop = chk.res.written(bounds[1], loop.scope)
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
