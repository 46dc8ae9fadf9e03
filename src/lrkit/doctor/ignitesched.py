"""PyTorch Ignite's ``PiecewiseLinear`` that ends before the run does (LR013).

``PiecewiseLinear(optimizer, "lr", [(0, 0.0), (warmup, lr), (len(train_loader) * n_epochs, 0.0)])`` attached to
``Events.ITERATION_STARTED`` (or ``ITERATION_COMPLETED``) is sized in iterations: its last milestone says the run
lasts ``n_epochs`` epochs. ``trainer.run(train_loader, max_epochs=M)`` with more epochs than that keeps the last
value for the rest of the run: with a decay to 0, the last ``M - n_epochs`` epochs train at LR 0 (held-out set 26).
Reported only when both counts resolve to numbers and the last value is below an earlier one.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .symbols import ident, text

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["piecewise_shorter_than_run"]

_PER_ITERATION = ("ITERATION_STARTED", "ITERATION_COMPLETED")


def piecewise_shorter_than_run(chk: "Checker") -> None:
    r"""LR013 at a ``PiecewiseLinear`` whose last milestone is ``len(loader) * k`` iterations in a run of more
    than ``k`` epochs.

    >>> from lrkit.doctor import check_source
    >>> src = ("from ignite.engine import Engine, Events\nfrom ignite.handlers import PiecewiseLinear\n"
    ...        "trainer = Engine(update)\nsched = PiecewiseLinear(opt, 'lr', [(0, 0.1), (len(dl) * 2, 0.0)])\n"
    ...        "trainer.add_event_handler(Events.ITERATION_STARTED, sched)\ntrainer.run(dl, max_epochs=3)\n")
    >>> [(f.code, f.line) for f in check_source(src, "t.py")]
    [('LR013', 4)]
    """
    calls = [n for n in chk.m.nodes if isinstance(n, ast.Call)]
    for call in calls:
        q = chk.m.imports.qual(call.func) or ""
        if ident(call.func) != "PiecewiseLinear" or not q.startswith("ignite."):
            continue
        assign = chk.m.parents.get(id(call))
        if not (isinstance(assign, ast.Assign) and len(assign.targets) == 1 and isinstance(assign.targets[0], ast.Name)):
            continue
        name = assign.targets[0].id
        fn = chk.m.enclosing_function(call)
        scope = chk.m.scopes.get(id(fn)) if fn is not None else chk.m.module_scope
        points = call.args[2] if len(call.args) >= 3 else next(
            (k.value for k in call.keywords if k.arg == "milestones_values"), None)
        if not (isinstance(points, (ast.List, ast.Tuple)) and len(points.elts) >= 2 and all(
                isinstance(p, ast.Tuple) and len(p.elts) == 2 for p in points.elts)):
            continue
        end, last = points.elts[-1].elts
        values = [chk.res.value(p.elts[1], scope) for p in points.elts]
        if not (isinstance(values[-1], (int, float)) and any(
                isinstance(v, (int, float)) and v > values[-1] for v in values[:-1])):
            continue   # holding a value it never decayed from costs nothing
        epochs = _epochs_of(chk, end, scope)
        engine = _attached(calls, name)
        if epochs is None or engine is None:
            continue
        run = _run_epochs(chk, calls, engine, scope)
        if run is None or run <= epochs:
            continue
        chk.add(call, "LR013", what=f"PiecewiseLinear `{name}`", count=f"{run} epochs of iterations",
                planned=f"{text(end)} ({epochs} epochs)", unit="epochs",
                message=f"PiecewiseLinear `{name}` ends at {text(end)} iterations ({epochs} epochs) but `{engine}.run` "
                        f"runs {run} epochs: the last {run - epochs} of them train at its final value {values[-1]}",
                fix=f"end it at the run's length: `len(...) * max_epochs` with the `max_epochs` given to "
                    f"`{engine}.run` ({run})")


def _epochs_of(chk: "Checker", end: ast.expr, scope) -> int | None:
    """``k`` of ``len(loader) * k`` (either order, also through a name: ``total = len(loader) * k``) when it
    resolves to a whole number."""
    if isinstance(end, ast.Name) and isinstance(scope.value_of(end.id), ast.BinOp):
        end, scope = scope.value_of(end.id), scope.scope_of_value(end.id)
    if not (isinstance(end, ast.BinOp) and isinstance(end.op, ast.Mult)):
        return None
    for a, b in ((end.left, end.right), (end.right, end.left)):
        if isinstance(a, ast.Call) and ident(a.func) == "len":
            k = chk.res.value(b, scope)
            return k if isinstance(k, int) and not isinstance(k, bool) and k > 0 else None
    return None


def _attached(calls: list[ast.Call], name: str) -> str | None:
    """The engine ``name`` is attached to per iteration (``trainer.add_event_handler(Events.ITERATION_STARTED,
    sched)``)."""
    for c in calls:
        if isinstance(c.func, ast.Attribute) and c.func.attr == "add_event_handler" and len(c.args) >= 2 \
                and isinstance(c.args[1], ast.Name) and c.args[1].id == name \
                and (ident(c.args[0]) or "") in _PER_ITERATION:
            return text(c.func.value)
    return None


def _run_epochs(chk: "Checker", calls: list[ast.Call], engine: str, scope) -> int | None:
    """``max_epochs`` of the one ``engine.run(data, max_epochs=M)`` (no ``epoch_length``, which changes what an
    epoch is)."""
    runs = [c for c in calls if isinstance(c.func, ast.Attribute) and c.func.attr == "run"
            and text(c.func.value) == engine]
    if len(runs) != 1 or any(k.arg == "epoch_length" for k in runs[0].keywords) or len(runs[0].args) > 2:
        return None
    m = runs[0].args[1] if len(runs[0].args) == 2 else next(
        (k.value for k in runs[0].keywords if k.arg == "max_epochs"), None)
    v = chk.res.value(m, scope)
    return v if isinstance(v, int) and not isinstance(v, bool) else None
