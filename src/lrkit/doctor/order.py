"""LR010 beside LR016: a scheduler stepped twice whose every call comes before the optimizer's step.

The walk records each ``scheduler.step()`` that runs before the first ``optimizer.step()`` of its loop body
(``Module.order_issues``). A scheduler stepped twice (LR016) is normally reported for that alone: removing the extra
call also fixes the order when the other call comes after the update. When every call comes first (at the top of
the epoch and before each update of a batch, a script written for torch < 1.1), the call left after the fix still
runs first, and LR010 is reported once, at the call that runs first.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .context import StepCall
from .symbols import ident

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["always_first", "positions_from_zero"]


def always_first(chk: "Checker") -> dict[int, ast.Call]:
    """For each scheduler (by ``id``) whose every hand call comes before the optimizer's step: the call that runs
    first (the outermost loop's, then the earliest line)."""
    first: dict[int, tuple[tuple[int, int, int], ast.Call]] = {}
    early: dict[int, set[int]] = {}
    for s, _ in chk.m.order_issues:
        early.setdefault(id(s.obj), set()).add(id(s.call))
        key = (len(s.ctx.loops), s.call.lineno, s.call.col_offset)   # the outermost runs first
        if id(s.obj) not in first or key < first[id(s.obj)][0]:
            first[id(s.obj)] = (key, s.call)
    for ev in chk.m.sched_steps:
        if id(ev.obj) in first and (ev.by != "hand" or id(ev.call) not in early[id(ev.obj)]
                                    and not _just_before_update(chk, ev)):
            del first[id(ev.obj)]
    return {k: call for k, (_, call) in first.items()}


def _just_before_update(chk: "Checker", ev: StepCall) -> bool:
    """The statement after the call is ``optimizer.step()`` of the scheduler's optimizer (a second update in the
    same body, which the loop-body order does not count)."""
    st = chk.m.parents.get(id(ev.call))
    body = getattr(chk.m.parents.get(id(st)), "body", None) if isinstance(st, ast.Expr) else None
    if not isinstance(body, list) or st not in body or body.index(st) + 1 >= len(body):
        return False
    nxt = body[body.index(st) + 1]
    if not (isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Call) and isinstance(nxt.value.func, ast.Attribute)
            and nxt.value.func.attr == "step" and not nxt.value.args):
        return False
    opt = chk.optimizer_of(ev.obj)
    return opt is not None and any(o is opt for o in chk.m.lookup_all(nxt.value.func.value, ev.ctx))


def positions_from_zero(chk: "Checker", ev: StepCall) -> bool:
    """``sched.step(epoch)`` with the counter of the loop around it, a ``range`` that starts at 0 (``range(n)``,
    ``range(start_epoch, n)`` with ``start_epoch = 0``): torch sets the position to the epoch given and computes
    that epoch's LR, so a call at the top of the epoch gives the first epoch the schedule's first value; nothing is
    skipped (the older form of stepping, kept in many scripts; a loop from 1 still skips the first value)."""
    args = ev.call.args or [k.value for k in ev.call.keywords if k.arg == "epoch"]
    if len(args) != 1 or not isinstance(args[0], ast.Name) or "plateau" in ev.obj.cls.lower():
        return False
    for loop in ev.ctx.loops:
        node = loop.node
        if not (isinstance(node, ast.For) and isinstance(node.target, ast.Name) and node.target.id == args[0].id
                and isinstance(node.iter, ast.Call) and ident(node.iter.func) == "range" and node.iter.args):
            continue
        if len(node.iter.args) == 1:
            return True
        start = node.iter.args[0]
        if isinstance(start, ast.Name):
            values = [a.value for a in ast.walk(loop.scope.node) if isinstance(a, ast.Assign)
                      and any(isinstance(t, ast.Name) and t.id == start.id for t in a.targets)]
            # `start_epoch = 0`, rebound only from a checkpoint on resume (`start_epoch = ckpt["epoch"]`): the
            # position given is the epoch the loop resumes at, which torch sets as well (no other constant start)
            consts = [v for v in values if isinstance(v, ast.Constant)]
            start = consts[0] if len(consts) == 1 and all(isinstance(v, (ast.Constant, ast.Subscript))
                                                          for v in values) else start
            if len(values) == 1 and isinstance(values[0], ast.Call):
                start = _helper_start(chk, values[0]) or start
        return isinstance(start, ast.Constant) and start.value == 0
    return False


def _helper_start(chk: "Checker", call: ast.Call) -> ast.Constant | None:
    """The start a helper of the file returns on a fresh run: ``initial_epoch = find_checkpoint(dir)`` whose every
    constant return (directly or through the name it returns) is 0, the others read from the saved run (the epoch
    the loop resumes at, which ``step(epoch)`` sets as well)."""
    fn = chk.m.functions.get(call.func.id) if isinstance(call.func, ast.Name) else None
    if fn is None:
        return None
    found: list[ast.expr] = []
    for r in ast.walk(fn):
        if isinstance(r, ast.Return) and r.value is not None:
            if isinstance(r.value, ast.Name):
                found += [a.value for a in ast.walk(fn) if isinstance(a, ast.Assign)
                          and any(isinstance(t, ast.Name) and t.id == r.value.id for t in a.targets)]
            else:
                found.append(r.value)
    consts = {v.value for v in found if isinstance(v, ast.Constant)}
    return ast.Constant(0) if consts == {0} else None
