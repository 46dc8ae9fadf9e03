"""What a script writes: a name or a config entry followed back to the literal it was written as.

Rules that judge a count only when the file writes it (an epoch recipe's ``T_max=200``, SequentialLR's
``milestones=[5]``) read it through an assignment, a config dict or a namespace as well as in place.
"""

from __future__ import annotations

import ast

from .symbols import Scope

__all__ = ["literal", "written_int"]


def literal(expr: ast.AST, scope: Scope, depth: int = 0) -> ast.AST:
    """The expression a name or a config entry was written as: ``epochs`` (``epochs = 30``), ``cfg["epochs"]``
    (``cfg = {"epochs": 30}``), ``cfg.epochs`` (``cfg = SimpleNamespace(epochs=30)``) -> ``30``; else ``expr``.

    >>> tree = ast.parse("cfg = {'epochs': 30}")
    >>> scope = Scope(tree, None, assigns={"cfg": [tree.body[0].value]})
    >>> ast.unparse(literal(ast.parse("cfg['epochs']", mode="eval").body, scope))
    '30'
    """
    base = expr.value if isinstance(expr, (ast.Subscript, ast.Attribute)) else expr
    if depth > 6 or not isinstance(base, ast.Name):
        return expr
    held, home = scope.value_of(base.id), scope.scope_of_value(base.id)
    if isinstance(expr, ast.Name):
        return literal(held, home, depth + 1) if held is not None else expr
    if isinstance(expr, ast.Subscript) and isinstance(held, ast.Dict) and isinstance(expr.slice, ast.Constant):
        found = [v for k, v in zip(held.keys, held.values) if isinstance(k, ast.Constant) and k.value == expr.slice.value]
    elif isinstance(expr, ast.Attribute) and isinstance(held, ast.Call):
        found = [k.value for k in held.keywords if k.arg == expr.attr]
    else:
        found = []
    return literal(found[0], home, depth + 1) if len(found) == 1 else expr


def written_int(expr: ast.expr, scope: Scope) -> bool:
    """A number written in the code: ``200``, or a name or config entry whose one value is ``200``.

    >>> from lrkit.doctor.symbols import Scope
    >>> written_int(ast.parse("200", mode="eval").body, Scope(ast.parse(""), None))
    True
    """
    expr = literal(expr, scope)
    return isinstance(expr, ast.Constant) and isinstance(expr.value, int) and not isinstance(expr.value, bool)
