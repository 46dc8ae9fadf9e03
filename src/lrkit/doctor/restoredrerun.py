"""A scheduler restored from a checkpoint while the loop that steps it starts over from 0 (LR013, latent).

``scheduler.load_state_dict(torch.load(path))`` at start-up continues the schedule where the last run left it,
but ``for it in range(max_iters):`` runs the whole count again: a resumed run steps a
``CosineAnnealingLR(T_max=max_iters)`` up to ``max_iters`` more times, past its length, and the cosine climbs back
up (held-out set 26). Reported only where the shape is plain: the loop is ``range(n)`` over the very length the
scheduler was given, it steps the scheduler with no ``continue`` (a loop that skips the iterations already done is
a resume), and the restore is outside it, in the same function.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .symbols import ident, text, walk_no_defs
from .walk import Loop

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["restored_then_rerun"]

_LENGTH = {"CosineAnnealingLR": "T_max", "PolynomialLR": "total_iters", "OneCycleLR": "total_steps",
           "LinearLR": "total_iters"}


def restored_then_rerun(chk: "Checker") -> None:
    r"""LR013 at a scheduler restored by ``load_state_dict`` and stepped by a loop that always runs its whole
    length from 0.

    >>> from lrkit.doctor import check_source
    >>> src = ("import torch\nopt = torch.optim.SGD(net.parameters(), lr=0.1)\n"
    ...        "sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=N)\n"
    ...        "sched.load_state_dict(torch.load('s.pt'))\nfor it in range(N):\n"
    ...        "    opt.step()\n    sched.step()\n")
    >>> [(f.code, f.line) for f in check_source(src, "t.py")]
    [('LR013', 3)]
    """
    done: set[int] = set()
    for ev in chk.m.sched_steps:
        o = ev.obj
        if id(o) in done or ev.by != "hand" or o.lib != "torch" or o.cls not in _LENGTH or ev.call.args:
            continue
        length = o.arg(_LENGTH[o.cls])
        loops = [x for x in ev.path if isinstance(x, Loop) and isinstance(x.node, ast.For)]
        if length is None or len(loops) != 1:
            continue
        loop = loops[0].node
        it = loop.iter
        if not (isinstance(it, ast.Call) and ident(it.func) == "range" and len(it.args) == 1
                and ast.dump(it.args[0]) == ast.dump(length)):
            continue
        if any(isinstance(n, ast.Continue) for n in walk_no_defs(loop)):
            continue
        home = chk.m.enclosing_function(loop) or chk.m.tree
        if chk.m.enclosing_function(o.node) is not (None if home is chk.m.tree else home):
            continue
        inside = {id(n) for n in ast.walk(loop)}
        load = next((n for n in walk_no_defs(home) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                     and n.func.attr == "load_state_dict" and text(n.func.value) == o.name and id(n) not in inside
                     and n.lineno < loop.lineno), None)
        if load is None:
            continue
        done.add(id(o))
        chk.add(o.node, "LR013", what=o.desc, count=f"up to {text(length)} more", planned=text(length),
                message=f"{o.desc} is restored from a checkpoint (line {load.lineno}) but the loop at line "
                        f"{loop.lineno} runs `range({text(length)})` from 0 again: a resumed run steps it up to "
                        f"{text(length)} more times, past its {_LENGTH[o.cls]}={text(length)}",
                fix=f"save the iteration with the checkpoint and continue from it: `range(start, {text(length)})` "
                    f"(or do not restore the scheduler when the run starts over)")
