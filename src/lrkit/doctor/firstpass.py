"""Whether the ``if`` arms around a call hold on the first pass of the loops around them.

A scheduler stepped at the top of an epoch under ``if epoch > args.warmup_epochs:`` (``for epoch in
range(1, ...)``, warm-up 0 by default) runs before the first optimizer step as surely as an unguarded one.
The tests are evaluated with every loop variable at its first value (``range(1, n)`` -> 1, ``enumerate`` -> 0)
and the other names at the constants the file gives them (``warm = 0``, an argparse ``default=``). A test
that reads nothing the loops change (``if args.use_scheduler:``) has one outcome on every pass: when its
arm runs at all, it runs on the first pass too. Anything else is unknown.

>>> import ast
>>> loop = ast.parse("for epoch in range(1, 10):\\n    if epoch > 0:\\n        s.step()").body[0]
>>> first_value(loop, lambda e: e.value if isinstance(e, ast.Constant) else None)
{'epoch': 1}
"""

from __future__ import annotations

import ast
from typing import Any, Callable

from .context import unwrap
from .symbols import ident
from .units import COMPARE, arith

__all__ = ["first_value", "holds_first"]

_UNKNOWN = object()


def first_value(loop: ast.AST, value: Callable[[ast.expr], Any]) -> dict[str, Any]:
    """The loop variables of a ``for`` loop over a ``range`` (through ``tqdm``/``enumerate``) at their first
    value; a variable whose start cannot be read maps to ``None``."""
    if not isinstance(loop, (ast.For, ast.AsyncFor)):
        return {}
    out: dict[str, Any] = {n.id: None for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
    _bind(loop.target, loop.iter, value, out)
    return out


def _bind(target: ast.expr, it: ast.expr, value: Callable[[ast.expr], Any], out: dict[str, Any]) -> None:
    it = unwrap(it, keep=frozenset({"enumerate", "zip"}))   # enumerate binds its index below
    if not isinstance(it, ast.Call):
        return
    fname = ident(it.func)
    if fname == "enumerate" and it.args and isinstance(target, ast.Tuple) and len(target.elts) == 2:
        start = next((k.value for k in it.keywords if k.arg == "start"), it.args[1] if len(it.args) > 1 else None)
        if isinstance(target.elts[0], ast.Name):
            out[target.elts[0].id] = 0 if start is None else _number(value(start))
        _bind(target.elts[1], it.args[0], value, out)
    elif fname in ("range", "trange") and it.args and isinstance(target, ast.Name):
        out[target.id] = 0 if len(it.args) == 1 else _number(value(it.args[0]))


def _number(v: Any) -> Any:
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def holds_first(test: ast.expr, key: bool, first: dict[str, Any], varying: set[str],
                value: Callable[[ast.expr], Any]) -> bool | None:
    """Whether the arm ``key`` (True: the body, False: the ``else``) of ``if test`` runs on the first pass
    whenever it runs at all: None when that cannot be told. ``first``: the loop variables at their first
    values; ``varying``: other names (and ``a.b`` texts) the loops assign.

    >>> t = lambda src: ast.parse(src, mode="eval").body
    >>> const = lambda e: None
    >>> [holds_first(t(s), True, {"epoch": 1}, set(), const) for s in ("epoch > 0", "epoch > 1", "use_sched")]
    [True, False, True]
    """
    names = {n.id for n in ast.walk(test) if isinstance(n, ast.Name)} | {
        ast.unparse(n) for n in ast.walk(test) if isinstance(n, ast.Attribute)}
    if not names & (set(first) | varying):
        return True   # one outcome on every pass: the arm, if it ever runs, runs on the first pass
    if names & varying:
        return None
    v = _eval(test, first, value)
    return v is key if isinstance(v, bool) else None


def _eval(e: ast.expr, first: dict[str, Any], value: Callable[[ast.expr], Any]) -> Any:
    if isinstance(e, ast.Name) and e.id in first:
        return _UNKNOWN if first[e.id] is None else first[e.id]
    if isinstance(e, ast.Constant):
        return e.value
    if isinstance(e, ast.BoolOp):
        vals = [_eval(v, first, value) for v in e.values]
        want = isinstance(e.op, ast.Or)
        if any(v is want for v in vals):
            return want
        return _UNKNOWN if any(v is _UNKNOWN or not isinstance(v, bool) for v in vals) else not want
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.Not):
        v = _eval(e.operand, first, value)
        return not v if isinstance(v, bool) else _UNKNOWN
    if isinstance(e, ast.Compare):
        left = _eval(e.left, first, value)
        for op, right_e in zip(e.ops, e.comparators):
            right = _eval(right_e, first, value)
            f = COMPARE.get(type(op))
            numbers = all(isinstance(x, (int, float)) for x in (left, right))
            if f is None or _UNKNOWN in (left, right) or not (numbers or isinstance(op, (ast.Eq, ast.NotEq))):
                return _UNKNOWN
            if not f(left, right):
                return False
            left = right
        return True
    if isinstance(e, ast.BinOp) and isinstance(e.op, (ast.Add, ast.Sub, ast.Mult, ast.Mod)):
        a, b = _eval(e.left, first, value), _eval(e.right, first, value)
        if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (a, b)) or (
                isinstance(e.op, ast.Mod) and b == 0):
            return _UNKNOWN
        return arith(e.op, a, b)
    v = value(e)
    return _UNKNOWN if v is None else v
