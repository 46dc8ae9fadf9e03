"""LR019's iteration budget: a schedule counted in the iterations of the loop of micro-batches its update gate
sits in, while it is stepped once per update.

``for step in range(args.max_steps)`` with ``num_training_steps=args.max_steps``, a ``while`` loop that stops at
a count of iterations, or ``total_steps = EPOCHS * steps_per_epoch`` with ``for step in range(steps_per_epoch)``
around ``if (step + 1) % GRAD_ACCUM_STEPS == 0: optimizer.step(); scheduler.step()`` (held-out set 21).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .context import Loop
from .symbols import ident, text
from .written import written_int

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["iteration_budget"]


def iteration_budget(chk: "Checker", ev, expr: ast.AST, scope) -> bool:
    """The length is the bound of the loop of micro-batches the call's update gate sits in: ``for step in
    range(args.max_steps)`` or ``while True: ... if step_cnt == 320000: break`` with ``num_training_steps`` the
    same bound, so the schedule counts iterations while it is stepped once per update."""
    loop = next((x for x in reversed(ev.path) if isinstance(x, Loop)), None)
    if loop is None:
        return False
    node = loop.node
    bounds = [loop.stop] if isinstance(node, ast.For) and loop.stop is not None else []
    if isinstance(node, ast.While):
        # the counter must advance on every iteration (`step_cnt += 1` at the loop's own level): a counter of
        # updates (`completed_steps += 1` under the gate, as transformers' no_trainer scripts do) is right
        every = {text(st.target) for st in node.body if isinstance(st, ast.AugAssign) and isinstance(st.op, ast.Add)}
        t = node.test
        if isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.ops[0], (ast.Lt, ast.LtE)) \
                and text(t.left) in every:
            bounds.append(t.comparators[0])
        for st in node.body:   # `if step_cnt == 320000: break` / `>=` at the loop's own level
            if isinstance(st, ast.If) and any(isinstance(b, ast.Break) for b in st.body) and isinstance(
                    st.test, ast.Compare) and len(st.test.ops) == 1 and isinstance(st.test.ops[0], (ast.Eq, ast.GtE)) \
                    and text(st.test.left) in every:
                bounds.append(st.test.comparators[0])
    want = chk.res.value(expr, scope)
    for b in bounds:
        if ast.dump(b) == ast.dump(expr) or (isinstance(node, ast.For) and _times_bound(chk, expr, scope, b)):
            return True
        v = chk.res.value(b, loop.scope)
        if isinstance(v, int) and not isinstance(v, bool) and v > 1 and v == want and written_int(expr, scope) \
                and written_int(b, loop.scope):
            return True
    return False


def _times_bound(chk: "Checker", expr: ast.AST, scope, bound: ast.AST, depth: int = 0) -> bool:
    """The length is a product with the micro-batch loop's bound as a factor (``total_steps = EPOCHS *
    steps_per_epoch`` with ``for step in range(steps_per_epoch)`` around the gate, set 21): iterations per epoch
    times epochs, not updates."""
    if depth > 4 or not isinstance(bound, (ast.Name, ast.Attribute)):
        return False
    found = chk.m.held(expr, scope) if isinstance(expr, (ast.Name, ast.Attribute)) else None
    if found is not None:
        return _times_bound(chk, found[0], found[1], bound, depth + 1)
    if isinstance(expr, ast.Call) and ident(expr.func) in ("int", "round") and len(expr.args) == 1:
        return _times_bound(chk, expr.args[0], scope, bound, depth + 1)
    if not (isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult)):
        return False
    return any(isinstance(side, (ast.Name, ast.Attribute)) and text(side) == text(bound)
               for side in (expr.left, expr.right)) or any(
        _times_bound(chk, side, scope, bound, depth + 1) for side in (expr.left, expr.right))
