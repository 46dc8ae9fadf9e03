"""What a free name of a nested function holds when the function is made in an arm that returns.

A factory that builds one of several schedulers under the same name and hands back a small function that steps
it (``if name == "cosine": sched = CosineAnnealingLR(...); def step(): sched.step(); return step``, then ``if
name == "plateau": sched = ReduceLROnPlateau(...); def step(loss): sched.step(loss); return step``) gives each
inner function the object of its own arm: the enclosing call returns before the later arms run, and a binding
made before the arm is replaced by the arm's own. Without this, every inner function was judged against every
candidate (a plateau scheduler "never given a metric", a cosine one "given a metric"): false findings of the
precision audit of real scripts.
"""

from __future__ import annotations

import ast
from typing import Callable

__all__ = ["arm_candidates"]

_BLOCKS = ("body", "orelse", "finalbody")


def _block_of(parent: ast.AST, child: ast.AST) -> list[ast.stmt] | None:
    for field in _BLOCKS:
        block = getattr(parent, field, None)
        if isinstance(block, list) and any(st is child for st in block):
            return block
    for h in getattr(parent, "handlers", []) or []:
        if any(st is child for st in h.body):
            return h.body
    return None


def arm_candidates(cands: list, expr: ast.AST, home: ast.AST, parents: dict[int, ast.AST],
                   stmt_of: Callable[[ast.AST], ast.stmt | None]) -> list:
    """The candidates (objects with a ``node``) a free name ``expr`` of a function nested in ``home`` may hold.

    Only narrows when the nested function is made in a block that ends by returning or raising: bindings after
    that block never run once it is made, and the last binding that surely ran before it (in the blocks around
    it) hides the earlier ones."""
    inner, node = None, expr
    while node is not None and node is not home:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            inner = node
        node = parents.get(id(node))
    start = stmt_of(inner) if inner is not None else None
    if node is None or start is None:
        return cands
    chain: list[tuple[list[ast.stmt], int]] = []   # (block, index of the statement on the way to the def)
    child, parent = start, parents.get(id(start))
    while child is not home and parent is not None:
        block = _block_of(parent, child)
        if block is None:
            return cands
        chain.append((block, next(i for i, st in enumerate(block) if st is child)))
        child, parent = parent, parents.get(id(parent))
    end = None   # the last line that can run after the def: the end of the innermost block that returns
    for block, i in chain:
        if any(isinstance(st, (ast.Return, ast.Raise)) for st in block[i + 1:]):
            end = block[-1].end_lineno or block[-1].lineno
            break
    if end is None:
        return cands
    kept = [c for c in cands if (stmt_of(c.node) or c.node).lineno <= end]
    surely: list[int] = []   # lines of candidates bound by a statement that ran before the def, on its way
    for c in kept:
        st = stmt_of(c.node)
        for block, i in chain:
            if any(s is st for s in block[:i]):
                surely.append(st.lineno)
                break
    if surely:
        last = max(surely)
        kept = [c for c in kept if (stmt_of(c.node) or c.node).lineno >= last]
    return kept or cands
