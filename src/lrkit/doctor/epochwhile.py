"""A ``while`` loop around a pass over the training loader is an epoch loop.

``while True:`` (or ``while not done:``, ``while epoch <= cfg['max_epoch']`` with a bound whose unit the source
does not name) whose body runs ``for batch in train_loader:`` makes one pass over the data per turn: what it runs
after the batch loop (``scheduler.step()``, the validation) runs once per epoch, whatever ends the loop (a
``return`` or ``break`` on an epoch counter or a step budget).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .symbols import ident

if TYPE_CHECKING:  # pragma: no cover
    from .context import Ctx
    from .walk import Module

_STOP = (ast.For, ast.AsyncFor, ast.While, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def passes_over_loader(mod: "Module", node: ast.While | ast.For, ctx: "Ctx", calls: bool = False) -> bool:
    """The ``while`` loop's own body (through ``if``, ``with`` and ``try``, not into other loops) holds a ``for``
    loop over a data loader, and no ``next(...)`` draws batches one turn at a time.

    >>> import ast
    >>> from lrkit.doctor.walk import Module
    >>> src = "from torch.utils.data import DataLoader\\nloader = DataLoader(ds, batch_size=8)\\n" \\
    ...       "while True:\\n    for x, y in loader:\\n        pass\\n"
    >>> m = Module(ast.parse(src))
    >>> [lp.kind for lp in m.loops]
    ['epoch', 'batch']
    """
    fors, called = [], []
    todo: list[ast.AST] = list(node.body)
    while todo:
        n = todo.pop()
        if isinstance(n, (ast.For, ast.AsyncFor)):
            fors.append(n)
            continue
        if isinstance(n, _STOP):
            continue
        if isinstance(n, ast.Call) and ident(n.func) == "next":
            return False
        if isinstance(n, ast.Call) and calls:
            called.append(n)
        todo.extend(ast.iter_child_nodes(n))
    if any(_over_loader(mod, f, ctx) for f in fors):
        return True
    return any(_callee_passes(mod, c, ctx) for c in called)


def _callee_passes(mod: "Module", call: ast.Call, ctx: "Ctx") -> bool:
    """``train(args, epoch, train_loader, model, criterion, optimizer)``: a function of the file that makes one
    pass over the loader it is given (its own body's ``for ... in enumerate(train_data):``)."""
    from .context import Ctx

    callee, cls = mod._callee(call.func, ctx)
    if callee is None or callee in ctx.stack:
        return False
    sub = Ctx(mod.scopes[id(callee)], cls=cls, bindings=mod._bind(callee, call, ctx), stack=ctx.stack + (callee,))
    return passes_over_loader(mod, callee, sub)


def _over_loader(mod: "Module", loop: ast.For | ast.AsyncFor, ctx: "Ctx") -> bool:
    names = [ident(e) or "" for e in loop.target.elts] if isinstance(loop.target, ast.Tuple) else [
        ident(loop.target) or ""]
    tname = " ".join(names).lower()
    if "epoch" in tname:
        return False
    kind, _ = mod.iter_kind(loop.iter, ctx, tname)
    return kind == "batch" and not (isinstance(loop.iter, ast.Call) and ident(loop.iter.func) in ("range", "trange"))
