"""Arms of an ``if`` that cannot run, removed before the analysis: ``if False:`` and, in a notebook's or a script's
top level, a flag set once to a boolean constant (``use_scheduler = False`` ... ``if use_scheduler:``). The code
under a switched-off flag is what its author chose not to run; the doctor judges what runs.

>>> tree = ast.parse("use_sched = False\\nif use_sched:\\n    s = 1\\nelse:\\n    s = 2")
>>> ast.unparse(prune(tree))
'use_sched = False\\nif use_sched:\\n    pass\\nelse:\\n    s = 2'
"""

from __future__ import annotations

import ast

__all__ = ["prune"]


def _flags(tree: ast.Module) -> dict[str, bool]:
    """Names bound once in the file, at its top level, to ``True``/``False``, never a parameter, never ``global``."""
    consts = {t.id: st.value.value for st in tree.body if isinstance(st, ast.Assign) and len(st.targets) == 1
              and isinstance(t := st.targets[0], ast.Name) and isinstance(st.value, ast.Constant)
              and isinstance(st.value.value, bool)}
    if not consts:
        return {}
    stores: dict[str, int] = {}
    for n in ast.walk(tree):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            stores[n.id] = stores.get(n.id, 0) + 1
        elif isinstance(n, ast.arg):
            stores[n.arg] = stores.get(n.arg, 0) + 2
        elif isinstance(n, (ast.Global, ast.Nonlocal)):
            for name in n.names:
                stores[name] = stores.get(name, 0) + 2
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            for a in n.names:
                name = (a.asname or a.name).split(".")[0]
                stores[name] = stores.get(name, 0) + 2
    return {k: v for k, v in consts.items() if stores.get(k) == 1}


def _outcome(t: ast.expr, flags: dict[str, bool]) -> bool | None:
    if isinstance(t, ast.UnaryOp) and isinstance(t.op, ast.Not):
        v = _outcome(t.operand, flags)
        return None if v is None else not v
    if isinstance(t, ast.Constant) and isinstance(t.value, bool):
        return t.value
    if isinstance(t, ast.Name) and t.id in flags:
        return flags[t.id]
    return None


def prune(tree: ast.Module) -> ast.Module:
    """Empty the arm of each ``if`` whose test is a constant or a switched flag and that cannot run (in place;
    line numbers stay, the emptied arm holds one ``pass`` at its first line)."""
    flags = _flags(tree)
    for n in ast.walk(tree):
        if not isinstance(n, ast.If):
            continue
        v = _outcome(n.test, flags)
        if v is True and n.orelse:
            n.orelse = [ast.copy_location(ast.Pass(), n.orelse[0])]
        elif v is False:
            n.body = [ast.copy_location(ast.Pass(), n.body[0])]
    return tree
