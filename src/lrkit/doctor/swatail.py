"""LR021 for torch's SWA tail: an ``SWALR`` stepped in the last epochs beside the main scheduler of the same
optimizer, which the loop keeps stepping on every pass.

torch's recipe steps one or the other: ``if epoch > swa_start: swa_scheduler.step() else: scheduler.step()``.
Without the ``else`` the main schedule goes on writing the LR in the SWA epochs too: each ``SWALR`` step pulls
the LR towards ``swa_lr`` and the main scheduler's next step (a chainable cosine continues from the value it
finds) moves it again, so the tail follows neither plan.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .context import Branch, Loop, StepCall
from .flow import neutral
from .swa import ctx_at
from .symbols import call_arg

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["swa_beside_main"]


def swa_beside_main(chk: "Checker") -> None:
    r"""An ``SWALR`` stepped by hand under an ``if`` of an epoch loop (the SWA epochs) where another scheduler of
    its optimizer is stepped on every pass of that loop (per batch or per epoch, with no ``if`` around it, so not
    in the ``else`` arm): LR021 at the ``SWALR``.

    >>> from lrkit.doctor import check_source
    >>> src = ("import torch\nfrom torch.optim.swa_utils import SWALR\n"
    ...        "opt = torch.optim.SGD(net.parameters(), lr=0.1)\n"
    ...        "sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=100)\n"
    ...        "swa_sched = SWALR(opt, swa_lr=0.05)\n"
    ...        "for epoch in range(100):\n    train(net, loader, opt)\n    sched.step()\n"
    ...        "    if epoch >= 75:\n        swa_sched.step()\n")
    >>> [(f.code, f.line) for f in check_source(src, "t.py")]
    [('LR021', 5)]
    """
    done = {id(n) for n, f in chk.findings if f.code == "LR021"}
    for call in chk.m.nodes:
        if not (isinstance(call, ast.Call) and chk.m.imports.qual(call.func) == "torch.optim.swa_utils.SWALR") \
                or id(call) in done:
            continue
        target = chk.parents.get(id(call))
        if not (isinstance(target, ast.Assign) and len(target.targets) == 1):
            continue
        ctx = ctx_at(chk, call)
        opt = chk.m.lookup(call_arg(call, "optimizer", 0), ctx)
        name = ast.unparse(target.targets[0])
        if opt is None or opt.kind != "optimizer":
            continue
        for step in _steps(chk, name, chk.m.enclosing_function(call)):
            main = next((e for e in chk.m.sched_steps if e.by == "hand" and chk.optimizer_of(e.obj) is opt
                         and _always_beside(chk, e, step)), None)
            if main is not None:
                done.add(id(call))
                chk.add(call, "LR021", first="SWALR", second=main.obj.desc, optimizer=opt.name,
                        message=f"SWALR `{name}` is stepped in the SWA epochs while {main.obj.desc} keeps stepping "
                                f"`{opt.name}` on every pass (line {main.call.lineno}): each pulls the LR its own way",
                        fix=f"step one or the other: `if epoch >= swa_start: {name}.step()` and `else: "
                            f"{main.obj.name}.step()`")
                break


def _steps(chk: "Checker", name: str, fn: ast.AST | None) -> list[ast.Call]:
    """The ``name.step()`` calls in the function (or module body) that built the SWALR."""
    return [n for n in chk.m.nodes if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and n.func.attr == "step" and ast.unparse(n.func.value) == name and chk.m.enclosing_function(n) is fn]


def _always_beside(chk: "Checker", main: StepCall, swa: ast.Call) -> bool:
    """``swa`` sits under an ``if`` in an epoch loop on whose every pass ``main`` runs (only neutral arms between
    that loop and it, none of them the ``if`` around ``swa``)."""
    guard, loop, n = None, None, chk.parents.get(id(swa))
    while n is not None and loop is None:
        if isinstance(n, ast.If) and guard is None:
            guard = n
        if isinstance(n, (ast.For, ast.While)):
            loop = n
        n = chk.parents.get(id(n))
    if guard is None or loop is None:
        return False
    at = next((i for i, x in enumerate(main.path) if isinstance(x, Loop) and x.node is loop), None)
    if at is None or main.path[at].kind != "epoch" or any(isinstance(x, Branch) and x.node is guard
                                                           for x in main.path):
        return False
    rest = main.path[at + 1:]
    return all((isinstance(x, Loop) and x.kind == "batch") or (isinstance(x, Branch) and neutral(x, main.obj))
               for x in rest)
