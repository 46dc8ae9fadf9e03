"""Arms of an ``if`` that cannot run, removed before the analysis: ``if False:`` and, in a notebook's or a script's
top level, a flag set once to a boolean constant (``use_scheduler = False`` ... ``if use_scheduler:``), or a
setting set once to a number or a text and tested against constants (``task_num = 3`` ... ``if task_num in [4]:``
... ``elif task_num == 3:``). The code under a switched-off flag is what its author chose not to run; the doctor
judges what runs.

>>> tree = ast.parse("use_sched = False\\nif use_sched:\\n    s = 1\\nelse:\\n    s = 2")
>>> ast.unparse(prune(tree))
'use_sched = False\\nif use_sched:\\n    pass\\nelse:\\n    s = 2'
"""

from __future__ import annotations

import ast

__all__ = ["prune"]


def _flags(owner: ast.Module | ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, bool | int | str]:
    """Names bound once, by a statement of ``owner``'s own body (the module's top level, or a function's), to
    ``True``/``False``, an integer or a text, and never bound anywhere else below it: never a parameter, never
    ``global``, never the target of a loop, ``with``, import or augmented assignment."""
    consts = {t.id: st.value.value for st in owner.body if isinstance(st, ast.Assign) and len(st.targets) == 1
              and isinstance(t := st.targets[0], ast.Name) and isinstance(st.value, ast.Constant)
              and isinstance(st.value.value, (bool, int, str))}
    if not consts:
        return {}
    stores: dict[str, int] = {}
    for n in ast.walk(owner):
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


def _outcome(t: ast.expr, flags: dict[str, bool | int | str]) -> bool | None:
    if isinstance(t, ast.UnaryOp) and isinstance(t.op, ast.Not):
        v = _outcome(t.operand, flags)
        return None if v is None else not v
    if isinstance(t, ast.Constant) and isinstance(t.value, bool):
        return t.value
    if isinstance(t, ast.Name) and isinstance(flags.get(t.id), bool):
        return flags[t.id]
    if isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.left, ast.Name) and t.left.id in flags:
        return _compared(flags[t.left.id], t.ops[0], t.comparators[0])
    return None


def _compared(v: bool | int | str, op: ast.cmpop, right: ast.expr) -> bool | None:
    """``v == 3``, ``v != "a"``, ``v in [1, 3]``, ``v not in ("a", "b")`` against constants of the same type."""
    def same(c: ast.expr) -> bool:
        return isinstance(c, ast.Constant) and type(c.value) is type(v)

    if isinstance(op, (ast.Eq, ast.NotEq)) and same(right):
        return (v == right.value) == isinstance(op, ast.Eq)   # type: ignore[attr-defined]
    if isinstance(op, (ast.In, ast.NotIn)) and isinstance(right, (ast.List, ast.Tuple, ast.Set)) and right.elts \
            and all(same(c) for c in right.elts):
        return (v in [c.value for c in right.elts]) == isinstance(op, ast.In)   # type: ignore[attr-defined]
    return None


def prune(tree: ast.Module) -> ast.Module:
    """Empty the arm of each ``if`` whose test is a constant or a switched flag and that cannot run (in place;
    line numbers stay, the emptied arm holds one ``pass`` at its first line)."""
    _prune_ifs(ast.walk(tree), _flags(tree), 0)
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            # a setting of `main()` (the same script written in a function): only after it is bound, and not in
            # the functions nested in it
            for name, value in _flags(fn).items():
                line = next(st.lineno for st in fn.body if isinstance(st, ast.Assign)
                            and isinstance(st.targets[0], ast.Name) and st.targets[0].id == name)
                _prune_ifs(_own_nodes(fn), {name: value}, line)
    return tree


def _prune_ifs(nodes, flags: dict[str, bool | int | str], after: int) -> None:
    if not flags:
        return
    for n in nodes:
        if not isinstance(n, ast.If) or n.lineno <= after:
            continue
        v = _outcome(n.test, flags)
        if v is True and n.orelse:
            n.orelse = [ast.copy_location(ast.Pass(), n.orelse[0])]
        elif v is False:
            n.body = [ast.copy_location(ast.Pass(), n.body[0])]


def _own_nodes(fn: ast.AST) -> list[ast.AST]:
    """The nodes of a function's body, not those of the functions, lambdas and classes defined in it."""
    out, stack = [], list(ast.iter_child_nodes(fn))
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        out.append(n)
        stack.extend(ast.iter_child_nodes(n))
    return out
