"""A scheduler left on an optimizer that the training loop replaces (LR020).

``optimizer = Adam(model.parameters(), lr=lr)`` inside the epoch loop (a hand-written decay that rebuilds the
optimizer every N epochs, a second stage that unfreezes layers) makes a new optimizer; a scheduler built before
the loop on the first one keeps writing the LR of that first optimizer, which nothing steps any more. From the
first rebuild on, the schedule never reaches the optimizer that trains.

Silent when the scheduler is rebuilt (or re-pointed, ``scheduler.optimizer = optimizer``) in the same loop, when
its step does not run in every pass of that loop, and when the rebuilt optimizer is never stepped.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .context import Branch, Loop
from .lambdas import optimizers_of
from .symbols import text, walk_no_defs

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["rebuilt_optimizer"]


def rebuilt_optimizer(chk: "Checker") -> None:
    """LR020 at the scheduler's constructor when the loop that steps it rebinds its optimizer's name to a new
    optimizer."""
    from .flow import neutral   # flow imports the modules the checker imports

    opt_at = {id(x.node): x for x in chk.m.all_objs() if x.kind == "optimizer" and isinstance(x.node, ast.Call)}
    done: set[int] = set()
    for ev in chk.m.sched_steps:
        o = ev.obj
        loops = [i for i, x in enumerate(ev.path) if isinstance(x, Loop) and x.kind == "epoch"]
        if id(o) in done or ev.by != "hand" or not isinstance(o.node, ast.Call) or not loops:
            continue
        loop = ev.path[loops[0]].node
        # the optimizer it is built on: one binding, or the last one before it outside the loop (module level)
        bound = chk.optimizer_of(o) or max((x for x in optimizers_of(chk, o) if isinstance(x.node, ast.Call)
                                            and x.node.lineno < o.node.lineno and not _inside(chk, x.node, loop)),
                                           key=lambda x: x.node.lineno, default=None)
        if bound is None:
            continue
        if _inside(chk, o.node, loop) or any(isinstance(b, Branch) and not neutral(b, o)
                                             for b in ev.path[loops[0] + 1:]):
            continue
        new = [opt_at[id(a.value)] for a in walk_no_defs(loop) if isinstance(a, ast.Assign)
               and isinstance(a.value, ast.Call) and id(a.value) in opt_at and a.value is not bound.node
               and any(text(t) == bound.name for t in a.targets)]
        if not new or _repointed(loop, o.name) or not any(e.obj is n for n in new for e in chk.m.opt_steps):
            continue
        done.add(id(o))
        chk.add(o.node, "LR020", sched_desc=o.desc, bound=bound.name, stepped=bound.name, ctor=o.cls,
                message=f"{o.desc} is bound to the `{bound.name}` built at line {bound.node.lineno}, but the loop "
                        f"at line {loop.lineno} rebuilds `{bound.name}` (line {new[0].node.lineno}): from then on "
                        "it changes the LR of the old optimizer, which nothing steps",
                fix=f"rebuild the scheduler with the optimizer (`{o.name} = {o.cls}({bound.name}, ...)` after line "
                    f"{new[0].node.lineno}), or change the LR in place (`for g in {bound.name}.param_groups: "
                    "g['lr'] = lr`) instead of building a new optimizer")


def _inside(chk: "Checker", node: ast.AST, outer: ast.AST) -> bool:
    n = node
    while n is not None:
        if n is outer:
            return True
        n = chk.parents.get(id(n))
    return False


def _repointed(loop: ast.AST, name: str) -> bool:
    """The loop rebinds the scheduler's name, or points it at the new optimizer (``sched.optimizer = opt``)."""
    for a in walk_no_defs(loop):
        if isinstance(a, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            for t in (a.targets if isinstance(a, ast.Assign) else [a.target]):
                if text(t) == name or text(t).startswith(f"{name}."):
                    return True
    return False
