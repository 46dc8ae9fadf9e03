"""A scheduler object swapped in from a checkpoint on resume (LR020).

``torch.save({"scheduler": sched, ...})`` pickles the scheduler object, and with it the optimizer it holds (its
param groups and copies of the parameters). ``sched = ckpt["scheduler"]`` after ``torch.load`` then replaces the
live scheduler with one bound to that unpickled copy: every later ``sched.step()`` writes the LR of an optimizer
nobody steps, and the optimizer that trains keeps the LR it had when the checkpoint was written. The right resume
loads the state into the live scheduler (``sched.load_state_dict(ckpt["scheduler"])``, saving
``sched.state_dict()``). When the optimizer is swapped in from the same checkpoint too, the two come back bound
to each other (one pickle keeps their link) and nothing is reported.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .symbols import Scope, text, walk_no_defs

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["swapped_in"]


def swapped_in(chk: "Checker") -> None:
    r"""LR020 at ``sched = ckpt["scheduler"]`` for a scheduler whose name is stepped, ``ckpt`` the result of
    ``torch.load``.

    >>> from lrkit.doctor import check_source
    >>> src = ("import torch\nnet = torch.nn.Linear(2, 1)\nopt = torch.optim.SGD(net.parameters(), lr=0.1)\n"
    ...        "sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10)\nckpt = torch.load('last.pt')\n"
    ...        "sched = ckpt['scheduler']\nfor epoch in range(30):\n    for x, y in train_loader:\n"
    ...        "        net(x).sum().backward()\n        opt.step()\n    sched.step()\n")
    >>> [(f.code, f.line) for f in check_source(src, "t.py")]
    [('LR020', 6)]
    """
    scopes = [chk.m.module_scope, *chk.m.scopes.values()]
    steps = {text(n.func.value) for n in chk.m.nodes if isinstance(n, ast.Call)
             and isinstance(n.func, ast.Attribute) and n.func.attr == "step"}
    for o in chk.m.all_objs():
        if o.kind != "scheduler" or not o.name or o.name not in steps:
            continue   # the swapped-in name must still be stepped (the walk no longer knows what it holds)
        homes = scopes if o.name.startswith("self.") else [o.scope or chk.m.module_scope]
        swaps = [v for scope in homes for v in _assigned(scope, o.name)
                 if (base := _checkpoint(chk, v, "sched", scope)) is not None and not _optimizer_too(chk, scope, base)
                 and v.lineno > o.node.lineno and _last(scope, o.name, v)]
        if swaps:
            opt = chk.optimizer_of(o)
            name = opt.name if opt is not None else "optimizer"
            chk.add(swaps[0], "LR020", sched_desc=o.desc, bound=f"{text(swaps[0])}.optimizer", stepped=name,
                    ctor=o.cls, fix=f"keep the live scheduler and load its state: `{o.name}.load_state_dict("
                                    f"{text(swaps[0])})` (save `{o.name}.state_dict()` in the checkpoint)")


def _assigned(scope: Scope, name: str) -> list[ast.expr]:
    """The values assigned to ``name`` (``sched``, ``self.scheduler``) in the body of ``scope`` itself."""
    return [n.value for n in walk_no_defs(scope.node) if isinstance(n, ast.Assign) and len(n.targets) == 1
            and text(n.targets[0]) == name]


def _last(scope: Scope, name: str, value: ast.expr) -> bool:
    """``value`` is the last value written to ``name`` in the body of ``scope`` (not rebuilt after the swap)."""
    return all(v.lineno <= value.lineno for v in _assigned(scope, name))


def _checkpoint(chk: "Checker", value: ast.expr, word: str, scope: Scope) -> str | None:
    """The text of ``ckpt`` for ``ckpt["<...word...>"]`` where ``ckpt`` comes from ``torch.load``."""
    if not (isinstance(value, ast.Subscript) and isinstance(value.slice, ast.Constant)
            and isinstance(value.slice.value, str) and word in value.slice.value.lower()):
        return None
    base = value.value
    src = scope.value_of(base.id) if isinstance(base, ast.Name) else base
    if isinstance(src, ast.Call) and (chk.m.imports.qual(src.func) or "").endswith("torch.load"):
        return text(base)
    return None


def _optimizer_too(chk: "Checker", scope: Scope, base: str) -> bool:
    """The optimizer object is swapped in from the same checkpoint: ``opt = ckpt["optimizer"]``."""
    return any(_checkpoint(chk, n.value, "opt", scope) == base for n in walk_no_defs(scope.node)
               if isinstance(n, ast.Assign))
