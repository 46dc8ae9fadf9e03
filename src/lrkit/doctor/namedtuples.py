"""A field of a ``namedtuple`` instance built by position (``cfg = Config(2, 0.05, 64)`` ... ``cfg.n_epochs``).

Scripts keep their settings in a ``collections.namedtuple`` filled positionally; the value of ``cfg.n_epochs`` is
the argument at that field's position (held-out set 26). Fields given by keyword are read by the resolver itself.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .symbols import ident

if TYPE_CHECKING:  # pragma: no cover
    from .symbols import Scope

__all__ = ["positional_field"]


def positional_field(built: ast.Call, attr: str, scope: "Scope") -> ast.expr | None:
    """The argument that ``built`` (a call of a namedtuple class of the file) gives its field ``attr`` by position.

    >>> import ast
    >>> from lrkit.doctor.symbols import Scope
    >>> tree = ast.parse("Cfg = namedtuple('Cfg', 'lr, n_epochs')\\ncfg = Cfg(0.1, 3)")
    >>> scope = Scope(tree, None)
    >>> scope.assigns["Cfg"] = [tree.body[0].value]
    >>> ast.unparse(positional_field(tree.body[1].value, "n_epochs", scope))
    '3'
    """
    if not isinstance(built.func, ast.Name):
        return None
    made = scope.value_of(built.func.id)
    if not (isinstance(made, ast.Call) and ident(made.func) == "namedtuple"):
        return None
    names = made.args[1] if len(made.args) >= 2 else next(
        (k.value for k in made.keywords if k.arg == "field_names"), None)
    if isinstance(names, ast.Constant) and isinstance(names.value, str):
        fields = names.value.replace(",", " ").split()
    elif isinstance(names, (ast.List, ast.Tuple)) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in names.elts):
        fields = [e.value for e in names.elts]
    else:
        return None
    if attr not in fields:
        return None
    i = fields.index(attr)
    if i >= len(built.args) or any(isinstance(a, ast.Starred) for a in built.args[: i + 1]):
        return None
    return built.args[i]
