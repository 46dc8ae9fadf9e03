"""The batch sizes that feed a scheduler's per-batch loop, for LR018 (:mod:`.lengths`): when a loader of
batch size 1 feeds it, samples and batches are one count and a length in samples is right."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .context import WRAPPERS, Ctx
from .symbols import Obj, ident

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["batch_of_one", "batch_sizes"]


def batch_of_one(chk: "Checker") -> bool:
    """A DataLoader of the file with ``batch_size=1``: then samples and batches are one count (once per file)."""
    if chk.batch_of_one is None:
        chk.batch_of_one = _find_batch_of_one(chk)
    return chk.batch_of_one


def _find_batch_of_one(chk: "Checker") -> bool:
    for n in chk.m.nodes:
        if isinstance(n, ast.Call) and (ident(n.func) or "") == "DataLoader":
            bs = next((k.value for k in n.keywords if k.arg == "batch_size"), n.args[1] if len(n.args) > 1 else None)
            if bs is not None and chk.res.value(bs, chk.m.module_scope) == 1:
                return True
            scope = chk.m.scope_at(n)
            if bs is not None and chk.res.value(bs, scope) == 1:
                return True
    return False


def batch_sizes(chk: "Checker", o: Obj) -> list[object] | None:
    """The batch sizes of the loaders whose loops step ``o`` per batch (through wrappers, assignments and the
    parameters a helper is given; "?" for a loader that is not a ``DataLoader`` call, None for an unresolved size),
    or None when some loop's loader cannot be told."""
    out: list[object] = []
    for ev in chk.m.sched_steps:
        if ev.obj is not o or ev.by != "hand":
            continue
        loops = [lp for lp in ev.ctx.loops if lp.kind == "batch"]
        if not loops:
            continue
        lp = loops[-1]
        if not isinstance(lp.node, (ast.For, ast.AsyncFor)) or lp.scope is not ev.ctx.scope:
            return None
        sizes = _loader_sizes(chk, lp.node.iter, ev.ctx, 0)
        if not sizes:
            return None
        out += sizes
    return out or None


def _loader_sizes(chk: "Checker", it: ast.AST, ctx: Ctx, depth: int) -> list[object]:
    if depth > 5:
        return []
    if isinstance(it, ast.Call) and (ident(it.func) or "") in WRAPPERS:
        args = it.args if ident(it.func) == "zip" else it.args[:1]
        return [v for a in args for v in _loader_sizes(chk, a, ctx, depth + 1)]
    objs = [x for x in chk.m.lookup_all(it, ctx) if x.kind == "loader"]
    if objs:
        out = []
        for x in objs:
            call = x.node
            if not (isinstance(call, ast.Call) and (ident(call.func) or "") == "DataLoader") \
                    or any(k.arg in ("batch_sampler", None) for k in call.keywords):
                return ["?"]
            bs = next((k.value for k in call.keywords if k.arg == "batch_size"),
                      call.args[1] if len(call.args) > 1 else None)
            out.append(1 if bs is None else chk.res.value(bs, x.scope or ctx.scope))   # torch's default is 1
        return out
    if isinstance(it, ast.Name):
        home = ctx.scope.scope_of_value(it.id)
        vals = home.assigns.get(it.id, []) if home is not None else []
        if len(vals) == 1 and isinstance(vals[0], ast.AST):
            return _loader_sizes(chk, vals[0], ctx, depth + 1)
    return []
