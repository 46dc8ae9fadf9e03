"""The value a name holds where a loop starts, when the name is assigned more than once in straight-line code
(``epoch = 20`` / ``for e in range(epoch): ...`` / ``epoch = 5`` / ``for e in range(epoch): ...``: a
train-then-fine-tune script reusing one name for each stage's epochs)."""

from __future__ import annotations

import ast

__all__ = ["reaching_assign"]


def reaching_assign(parents: dict[int, ast.AST], loop: ast.AST, name: str) -> ast.expr | None:
    """The expression of the last plain ``name = ...`` among the statements before ``loop`` in the body that holds
    it, when every assignment of ``name`` in that body is such a statement (none inside a branch, a loop or a
    ``with`` of it, none augmented); None otherwise.

    >>> tree = ast.parse("n = 20\\nfor e in range(n): pass\\nn = 5\\nfor e in range(n): pass\\n")
    >>> parents = {id(c): p for p in ast.walk(tree) for c in ast.iter_child_nodes(p)}
    >>> ast.unparse(reaching_assign(parents, tree.body[3], "n"))
    '5'
    """
    body = _body_of(parents, loop)
    if body is None:
        return None
    direct = [st for st in body if _assigns(st, name)]
    nested = [n for st in body if st not in direct for n in ast.walk(st)
              if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr)) and any(
                  isinstance(t, ast.Name) and t.id == name for t in _targets(n))]
    before = [st for st in direct if st.lineno < loop.lineno]
    if nested or not before or any(isinstance(st, ast.AugAssign) for st in direct):
        return None
    last = before[-1]
    return last.value if isinstance(last, (ast.Assign, ast.AnnAssign)) else None


def _body_of(parents: dict[int, ast.AST], node: ast.AST) -> list[ast.stmt] | None:
    parent = parents.get(id(node))
    if parent is None:
        return None
    for field in ("body", "orelse", "finalbody"):
        stmts = getattr(parent, field, None)
        if isinstance(stmts, list) and node in stmts:
            return stmts
    return None


def _assigns(st: ast.stmt, name: str) -> bool:
    return isinstance(st, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and any(
        isinstance(t, ast.Name) and t.id == name for t in _targets(st))


def _targets(n: ast.AST) -> list[ast.expr]:
    if isinstance(n, ast.Assign):
        return [e for t in n.targets for e in (t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t])]
    return [n.target]
