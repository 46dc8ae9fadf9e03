"""The quantity behind a Lightning metric key whose name says nothing (for LR004).

``sch.step(self.trainer.callback_metrics["w_val"])`` feeds the plateau scheduler what the module logged as
``"w_val"``: ``self.log("w_val", w_val)``, where ``w_val`` is the mean of the ``"w_val"`` entries the validation
steps appended to a list (``self.val_outputs.append({"w_val": w_loss})``). The name of that last value (``w_loss``)
says whether the metric should fall or rise. Followed: the ``self.log``/``self.log_dict`` call of the key in the
module's class, one assignment of the logged name in its method, and a list of dicts filled with ``append``.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Callable

from .symbols import ident, text, walk_no_defs

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

_STORES = ("callback_metrics", "logged_metrics", "progress_bar_metrics")


def logged_source(chk: "Checker", metric: ast.expr, cls: str | None, name_of: Callable[[ast.AST], str | None],
                  goal: Callable[[str | None], str | None]) -> str | None:
    """The name (``name_of``'s reading) of the value logged under the metric's key, when that one has a direction
    (``goal``) and the key's own name has none; None otherwise.

    >>> import ast
    >>> _key(ast.parse('self.trainer.callback_metrics["w_val"]').body[0].value)
    'w_val'
    """
    key = _key(metric)
    if key is None or cls is None:
        return None
    methods = [m for (c, _), m in chk.m.methods.items() if c == cls]
    found: set[str] = set()
    for fn in methods:
        for value in _logged(fn, key):
            found.add(_follow(fn, methods, value, name_of, goal) or "")
    if len(found) != 1:
        return None
    name = found.pop()
    return name if goal(name.lstrip("-")) is not None else None


def _key(metric: ast.expr) -> str | None:
    """``...callback_metrics["k"]`` or ``...callback_metrics.get("k")`` -> ``"k"``."""
    if isinstance(metric, ast.Subscript) and isinstance(metric.slice, ast.Constant) \
            and isinstance(metric.slice.value, str) and ident(metric.value) in _STORES:
        return metric.slice.value
    if isinstance(metric, ast.Call) and isinstance(metric.func, ast.Attribute) and metric.func.attr == "get" \
            and ident(metric.func.value) in _STORES and metric.args and isinstance(metric.args[0], ast.Constant):
        return metric.args[0].value if isinstance(metric.args[0].value, str) else None
    return None


def _logged(fn: ast.AST, key: str) -> list[ast.expr]:
    """The values ``fn`` logs under ``key``: ``self.log(key, v)``, ``self.log_dict({key: v})``."""
    out = []
    for n in walk_no_defs(fn):
        if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and text(n.func.value) == "self"):
            continue
        if n.func.attr == "log" and len(n.args) >= 2 and isinstance(n.args[0], ast.Constant) \
                and n.args[0].value == key:
            out.append(n.args[1])
        elif n.func.attr == "log_dict" and n.args and isinstance(n.args[0], ast.Dict):
            out += [v for k, v in zip(n.args[0].keys, n.args[0].values)
                    if isinstance(k, ast.Constant) and k.value == key]
    return out


def _follow(fn: ast.AST, methods: list[ast.AST], value: ast.expr, name_of, goal) -> str | None:
    """The name of ``value``; through its one assignment in ``fn``; through ``[x["k"] for x in self.outs]`` to what
    the class appends to ``self.outs`` under ``"k"``."""
    name = name_of(value)
    if goal(name.lstrip("-") if name else name) is not None or not isinstance(value, ast.Name):
        return name
    assigns = [n.value for n in walk_no_defs(fn) if isinstance(n, ast.Assign) and len(n.targets) == 1
               and isinstance(n.targets[0], ast.Name) and n.targets[0].id == value.id]
    if len(assigns) != 1:
        return name
    inner = name_of(assigns[0])
    if goal(inner.lstrip("-") if inner else inner) is not None:
        return inner
    for comp in (n for n in ast.walk(assigns[0]) if isinstance(n, ast.ListComp) and len(n.generators) == 1):
        gen, elt = comp.generators[0], comp.elt
        if isinstance(elt, ast.Subscript) and isinstance(elt.slice, ast.Constant) and isinstance(elt.value, ast.Name) \
                and isinstance(gen.target, ast.Name) and elt.value.id == gen.target.id:
            names = {name_of(v) or "" for v in _appended(methods, text(gen.iter), elt.slice.value)}
            if len(names) == 1:
                return names.pop() or name
    return name


def _appended(methods: list[ast.AST], store: str, key: object) -> list[ast.expr]:
    """The values put under ``key`` in the dicts appended to ``store`` (``self.outs.append({"k": v})``)."""
    out = []
    for fn in methods:
        for n in walk_no_defs(fn):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "append" \
                    and text(n.func.value) == store and n.args and isinstance(n.args[0], ast.Dict):
                d = n.args[0]
                out += [v for k, v in zip(d.keys, d.values) if isinstance(k, ast.Constant) and k.value == key]
    return out
