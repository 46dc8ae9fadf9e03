"""A timm scheduler counted in epochs but driven only by ``step_update`` (LR022).

timm's schedulers are set, not advanced, and each one acts on one kind of call: with ``t_in_epochs=True`` (the
default of ``CosineLRScheduler``, ``StepLRScheduler``, ``MultiStepLRScheduler``, ``TanhLRScheduler``,
``PolyLRScheduler``) only ``step(epoch)`` computes a new LR, and ``step_update(num_updates)`` returns without
touching the optimizer (timm's ``Scheduler._get_values`` proceeds for an update only when ``t_in_epochs`` is
False). A loop that calls ``step_update`` every batch and never ``step`` leaves the LR where the constructor put it
(``warmup_lr_init`` with a warm-up, else the base LR) for the whole run.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .symbols import Obj, text

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["update_only"]

_EPOCH_CLASSES = {"CosineLRScheduler", "StepLRScheduler", "MultiStepLRScheduler", "TanhLRScheduler",
                  "PolyLRScheduler"}
_QUIET = {"step_update", "state_dict", "load_state_dict", "get_last_lr", "t_initial", "warmup_t", "base_values",
          "optimizer", "get_cycle_length"}


def update_only(chk: "Checker") -> None:
    """LR022 at the constructor of a timm scheduler with ``t_in_epochs`` left True (or given True) whose only
    calls are ``step_update``."""
    for o in chk.m.all_objs():
        if o.kind != "scheduler" or o.lib != "timm" or o.cls not in _EPOCH_CLASSES or not isinstance(o.node, ast.Call):
            continue
        tin = o.arg("t_in_epochs")
        if tin is not None and not (isinstance(tin, ast.Constant) and tin.value is True):
            continue
        if any(ev.obj is o for ev in chk.m.sched_steps) or not _updates_only(chk, o):
            continue
        chk.add(o.node, "LR022", sched_desc=o.desc, scheduler=o.name,
                message=f"{o.desc} counts in epochs (t_in_epochs=True{', the default' if tin is None else ''}) but "
                        f"is only driven by `{o.name}.step_update(...)`, which timm ignores for such a scheduler: "
                        "the LR stays where the constructor put it for the whole run",
                fix=f"build it with `t_in_epochs=False` to drive it per update with `step_update`, or call "
                    f"`{o.name}.step(epoch + 1)` once per epoch (with `t_initial` in epochs)")


def _updates_only(chk: "Checker", o: Obj) -> bool:
    """``o``'s name is read only for ``step_update`` (at least once) and passive uses; nothing else may step it. A
    function of the file it is handed to (``train_one_epoch(..., lr_scheduler)``) is read the same way."""
    updates = _uses(chk, chk.m.nodes, o.name, 0)
    return updates is not None and updates > 0


def _uses(chk: "Checker", nodes, name: str, depth: int) -> int | None:
    """The ``step_update`` calls on ``name`` among ``nodes``, or None when another use may step it."""
    updates = 0
    for n in nodes:
        if not (isinstance(n, (ast.Name, ast.Attribute)) and isinstance(n.ctx, ast.Load) and text(n) == name):
            continue
        parent = chk.parents.get(id(n))
        if isinstance(parent, ast.Attribute) and parent.attr in _QUIET:
            updates += parent.attr == "step_update"
            continue
        if isinstance(parent, (ast.Compare, ast.FormattedValue)) or (
                isinstance(parent, ast.Call) and n in parent.args and text(parent.func) in ("print", "str", "repr")):
            continue
        inner = _handed(chk, parent, n, depth)
        if inner is None:
            return None
        updates += inner
    return updates


def _handed(chk: "Checker", call: ast.AST, arg: ast.AST, depth: int) -> int | None:
    """The uses inside a function of the file that ``arg`` is passed to by position or keyword."""
    fn = chk.m.functions.get(call.func.id) if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) else None
    if fn is None or depth >= 3:
        return None
    params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
    pos = next((i for i, a in enumerate(call.args) if a is arg), None)
    param = params[pos] if pos is not None and pos < len(params) else next(
        (k.arg for k in call.keywords if k.value is arg), None)
    return _uses(chk, list(ast.walk(fn)), param, depth + 1) if param else None
