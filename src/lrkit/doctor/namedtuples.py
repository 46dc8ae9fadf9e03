"""A field of a settings object: a ``namedtuple`` instance built by position (``cfg = Config(2, 0.05, 64)`` ...
``cfg.n_epochs``), or a class of the file whose body gives the default (``@dataclass class TrainingConfig:
gradient_accumulation_steps = 1`` ... ``config = TrainingConfig()`` ... ``config.gradient_accumulation_steps``).

Scripts keep their settings in a ``collections.namedtuple`` filled positionally; the value of ``cfg.n_epochs`` is
the argument at that field's position (held-out set 26). Fields given by keyword are read by the resolver itself.
A settings class read without an argument for the field (or the class itself, ``CFG.epochs``) has the value its
body assigns, unless one of its methods sets ``self.<field>`` (third audit: an accumulation of 1 in a dataclass
was read as unknown, and LR019 fired on a schedule that is stepped on every batch).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .symbols import ident

if TYPE_CHECKING:  # pragma: no cover
    from .symbols import Scope

__all__ = ["class_default", "positional_field", "settings_default"]


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


def class_default(classes: dict[str, ast.ClassDef], built: ast.expr | None, name: str,
                  attr: str) -> ast.expr | None:
    """The value a settings class of the file gives ``attr`` in its body, for ``name.attr`` where ``name`` is the
    class itself or ``built``, a call of it that passes no argument for that field.

    >>> import ast
    >>> tree = ast.parse("@dataclass\\nclass C:\\n    epochs: int = 3\\n    accum = 1\\ncfg = C(epochs=5)")
    >>> classes = {"C": tree.body[0]}
    >>> ast.unparse(class_default(classes, tree.body[1].value, "cfg", "accum"))
    '1'
    >>> class_default(classes, tree.body[1].value, "cfg", "epochs") is None   # given by keyword: not the default
    True
    >>> ast.unparse(class_default(classes, None, "C", "epochs"))
    '3'
    """
    if isinstance(built, ast.Call):
        if not isinstance(built.func, ast.Name) or built.args or any(k.arg in (None, attr) for k in built.keywords):
            return None
        cls = classes.get(built.func.id)
    else:
        # the class itself (its name holds the walk's marker for a definition, or nothing)
        cls = classes.get(name) if built is None or isinstance(built, (ast.Starred, ast.ClassDef)) else None
    if cls is None:
        return None
    for n in ast.walk(cls):   # a method that sets the field itself: the body's value is not the one read
        if isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            for t in (n.targets if isinstance(n, ast.Assign) else [n.target]):
                if isinstance(t, ast.Attribute) and t.attr == attr and ident(t.value) == "self":
                    return None
    found = None
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == attr for t in stmt.targets):
            found = stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == attr:
            found = stmt.value
    if isinstance(found, ast.Call) and ident(found.func) == "field":   # dataclasses.field(default=4)
        found = next((k.value for k in found.keywords if k.arg == "default"), None)
    return found


def settings_default(classes: dict[str, ast.ClassDef], scope: "Scope", name: str, attr: str) -> ast.expr | None:
    """:func:`class_default` for ``name.attr`` read in ``scope``, following ``name`` back to where it was built when
    it was handed on (``train_one_epoch(..., cfg)``: the caller's ``cfg = TrainingConfig()``).

    >>> import ast
    >>> from lrkit.doctor.symbols import Scope
    >>> tree = ast.parse("class C:\\n    accum = 1\\ncfg = C()")
    >>> scope = Scope(tree, None)
    >>> scope.assigns["cfg"] = [tree.body[1].value]
    >>> ast.unparse(settings_default({"C": tree.body[0]}, scope, "cfg", "accum"))
    '1'
    """
    built, home = scope.value_of(name), scope
    for _ in range(4):
        if not isinstance(built, ast.Name):
            break
        home, name = home.scope_of_value(name), built.id
        built = home.value_of(name)
    return class_default(classes, built, name, attr)
