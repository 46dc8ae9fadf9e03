"""A scheduler made by a factory of another package, sized by a keyword that names optimizer steps (LR001/LR002).

``optimizer, scheduler = get_optimizer_and_scheduler("adamw", model, num_training_steps=epochs)`` imported from
the project's ``utils``: the factory's body is not read, but its keyword says what it counts. transformers'
own name (``num_training_steps``, ``t_total``, ``total_steps``) is a number of ``step()`` calls, so the epoch
count given there and a ``scheduler.step()`` after every batch spend the schedule within the first epochs
(held-out set 21); a count of batches there, stepped once per epoch, is the opposite slip.

Read only when the call is the one assignment of the name in its function, gives one such keyword, and none of
its other arguments holds a per-epoch count (``steps_per_epoch=len(loader)``: the factory may multiply).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .symbols import LOADER_WORD, ident, text, walk_no_defs
from .walk import StepCall

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["factory_sized"]

# keywords that count the scheduler's step() calls (transformers' and torch's names for a whole run in steps)
_STEPS_KW = ("num_training_steps", "num_train_steps", "t_total", "total_steps", "total_training_steps", "max_steps")


def factory_sized(chk: "Checker", ev: StepCall, per: str) -> None:
    """LR001 (or LR002) for a scheduler from an unread factory whose steps keyword holds epochs (or batches).

    >>> from lrkit.doctor import check_source
    >>> src = ("from utils import make_optim\\nopt, sched = make_optim(model, num_training_steps=epochs)\\n"
    ...        "for epoch in range(epochs):\\n    for x in loader:\\n        opt.step()\\n        sched.step()\\n")
    >>> [(f.code, f.line) for f in check_source(src, "t.py")]
    [('LR001', 6)]
    """
    o = ev.obj
    call = _factory_call(o)
    if call is None:
        return
    kws = [k for k in call.keywords if k.arg in _STEPS_KW]
    others = [*call.args, *(k.value for k in call.keywords if k not in kws)]
    if len(kws) != 1 or any(_per_epoch_count(chk, a, o) for a in others):
        return
    arg, expr = kws[0].arg, kws[0].value
    desc = f"`{o.name}` (from `{ident(call.func)}(...)`)"
    scope = o.scope or chk.m.module_scope
    if per == "batch" and chk.epoch_sized(expr, o, ev.ctx.loops):
        chk.add(ev.call, "LR001", sched_desc=desc, length=text(expr), span=chk.span(expr, o),
                ctor=ident(call.func), arg=arg,
                fix=f"give `{ident(call.func)}` the scheduler steps of the whole run: `{arg}={text(expr)} * "
                    "len(train_loader)`; or step it once per epoch, after the batch loop")
    elif per == "epoch" and chk.res.sizing(expr, scope) == "steps":
        chk.add(ev.call, "LR002", sched_desc=desc, scheduler=o.name, length=f"{arg}={text(expr)}",
                fraction="1/steps_per_epoch")


def _factory_call(o) -> ast.Call | None:
    """The one call of a function (not a class) whose result the scheduler's name is assigned, also unpacked."""
    if o.scope is None or not (o.name.isidentifier() or o.name.startswith("self.")):
        return None
    found = []
    for n in walk_no_defs(o.scope.node):
        if not isinstance(n, ast.Assign):
            continue
        names = [t for tgt in n.targets for t in (tgt.elts if isinstance(tgt, ast.Tuple) else [tgt])]
        if any(isinstance(t, (ast.Name, ast.Attribute)) and ast.unparse(t) == o.name for t in names):
            found.append(n.value)
    if len(found) != 1 or not isinstance(found[0], ast.Call):
        return None
    name = ident(found[0].func) or ""
    return found[0] if name[:1].islower() else None


def _per_epoch_count(chk: "Checker", a: ast.expr, o) -> bool:
    """An argument that counts batches (``len(loader)``, ``steps_per_epoch``) or is a loader: the factory may
    multiply the epochs by its length."""
    if isinstance(a, ast.Starred) or any(isinstance(n, ast.Starred) for n in ast.walk(a)):
        return True
    scope = o.scope or chk.m.module_scope
    return chk.res.sizing(a, scope) == "steps" or any(
        isinstance(n, (ast.Name, ast.Attribute)) and ("per_epoch" in (ident(n) or "") or LOADER_WORD.search(
            (ident(n) or "").lower()) or chk.res.len_unit(n, scope) == "steps") for n in ast.walk(a))
