"""A hand-written warm-up schedule whose next phase does not start where the warm-up ends (LR052).

The function of a ``LambdaLR`` (a lambda or a def, also the one a ``LambdaLR`` subclass of the file passes to its base)
or the ``get_lr`` of a scheduler class of the file that tests the
step against a warm-up length (``if step < warmup_steps:``) is evaluated at sample points, with the warm-up at 10
steps and the run at 100 (names are read by what they say: ``warm...`` the warm-up, ``total``/``max``/``num``/
``steps`` the run, ``lr``/``base_lr`` the peak, ``min_lr`` the floor). A factor that falls to half its warm-up
peak or less right after the warm-up is a phase written from the wrong end: ``(step - warmup) / (total - warmup)``
(0 after the warm-up, rising back to 1) where ``(total - step) / (total - warmup)`` was meant.

>>> import ast
>>> fn = ast.parse("lambda s: s / warmup if s < warmup else (s - warmup) / (total - warmup)").body[0].value
>>> drop(fn, {"s"}, fn.body)
(0.9, 0.011111111111111112, 0.9888888888888889)
"""

from __future__ import annotations

import ast
import math
import re
from typing import TYPE_CHECKING

from .lambdas import function_of
from .symbols import ident, text, walk_no_defs
from .units import BINOPS, COMPARE, arith

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["warmup_handover", "drop"]

WARM, TOTAL = 10, 100
_STEP_ATTRS = {"self.last_epoch", "self._step_count"}
_LR = re.compile(r"(^|_)lr($|_)|learning_rate")
_RUN = re.compile(r"total|max|num|steps|iters|epochs|length|t_total|training|decay")
_TORCH_BASE = re.compile(r"(^|_)LRScheduler$|^LambdaLR$")
_MATH = {"cos": math.cos, "sin": math.sin, "sqrt": math.sqrt, "exp": math.exp, "log": math.log, "abs": abs,
         "float": float, "int": int}


def warmup_handover(chk: "Checker") -> None:
    """LR052 for every ``LambdaLR`` function, the function a used ``LambdaLR`` subclass of the file hands to its
    base, and every used scheduler class's ``get_lr``."""
    seen: set[int] = set()
    for o in chk.m.all_objs():
        fn = function_of(chk, o) if o.kind == "scheduler" and o.cls == "LambdaLR" else None
        if fn is None or id(fn) in seen:
            continue
        seen.add(id(fn))
        a = fn.args
        params = [x.arg for x in a.posonlyargs + a.args]
        if params:
            _judge(chk, fn, {params[0]}, fn.body)
    called = {ident(n.func) for n in chk.m.nodes if isinstance(n, ast.Call)}
    for name, cls in chk.m.classes.items():
        if name not in called and not any(_TORCH_BASE.search(ident(b) or "") for b in cls.bases):
            continue   # a torch scheduler subclass is judged where it is defined (a project's scheduler module)
        fn = _lambda_of_subclass(cls)
        if fn is not None and id(fn) not in seen:
            seen.add(id(fn))
            params = [x.arg for x in fn.args.posonlyargs + fn.args.args if x.arg != "self"]
            if params:
                _judge(chk, fn, {params[0]}, fn.body)
        get_lr = next((st for st in cls.body if isinstance(st, ast.FunctionDef) and st.name == "get_lr"), None)
        if get_lr is None or id(get_lr) in seen:
            continue
        steps = set(_STEP_ATTRS)
        for n in walk_no_defs(get_lr):   # `step = self.last_epoch + 1`
            if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name) \
                    and any(text(m) in _STEP_ATTRS for m in ast.walk(n.value)):
                steps.add(n.targets[0].id)
        _judge(chk, get_lr, steps, get_lr.body)


def _lambda_of_subclass(cls: ast.ClassDef) -> ast.FunctionDef | None:
    """The function a ``LambdaLR`` subclass hands to ``super().__init__(optimizer, fn)`` (or ``LambdaLR.__init__(self,
    optimizer, fn)``): a def nested in the method, or a method of the class (``self.lr_lambda``)."""
    if not any((ident(b) or "") == "LambdaLR" for b in cls.bases):
        return None
    methods = {st.name: st for st in cls.body if isinstance(st, ast.FunctionDef)}
    for meth in methods.values():
        for n in walk_no_defs(meth):
            if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "__init__"):
                continue
            if isinstance(n.func.value, ast.Call) and ident(n.func.value.func) == "super":
                args = n.args
            elif ident(n.func.value) == "LambdaLR" and n.args and text(n.args[0]) == "self":
                args = n.args[1:]   # `LambdaLR.__init__(self, optimizer, fn)`
            else:
                continue
            f = args[1] if len(args) > 1 else next((k.value for k in n.keywords if k.arg == "lr_lambda"), None)
            if isinstance(f, ast.Attribute) and text(f.value) == "self":
                return methods.get(f.attr)
            if isinstance(f, ast.Name):
                return next((d for d in ast.walk(meth) if isinstance(d, ast.FunctionDef) and d.name == f.id), None)
    return None


def _judge(chk: "Checker", fn: ast.AST, steps: set[str], body) -> None:
    got = drop(fn, steps, body)
    if got is None:
        return
    peak, after, end = got
    where = _after_site(fn, steps) or fn
    fall = "to about 0" if after <= 0.05 * peak else f"to {after / peak:.0%} of it"
    climb = ", then climbs back up towards the end: its decay runs backwards" if end > 2 * after else ""
    chk.add(where, "LR052", what=f"`{fn.name}`" if isinstance(fn, ast.FunctionDef) else "the schedule's lambda",
            fall=fall, climb=climb)


def drop(fn: ast.AST, steps: set[str], body) -> tuple[float, float, float] | None:
    """(warm-up peak, factor just after the warm-up, factor at the end) when the factor falls to half the peak or
    less as the warm-up ends; None when it does not, or when the function cannot be evaluated."""
    if not _tests_warmup(fn, steps):
        return None
    vals = [_run(body, {s: float(x) for s in steps}) for x in range(1, TOTAL)]
    if any(v is None for v in vals):
        return None
    peak = max(vals[:WARM])   # steps 1 .. WARM
    after, end = vals[WARM], vals[-1]   # step WARM + 1, step TOTAL - 1
    if not (peak > 0 and after <= 0.5 * peak):
        return None
    return peak, after, end


def _tests_warmup(fn: ast.AST, steps: set[str]) -> bool:
    """A comparison of the step with a warm-up length (``step < warmup_steps``, ``self.warmup > self.last_epoch``)."""
    for n in ast.walk(fn):
        if isinstance(n, ast.Compare) and len(n.ops) == 1 and isinstance(n.ops[0], (ast.Lt, ast.LtE, ast.Gt, ast.GtE)):
            sides = [n.left, n.comparators[0]]
            if any(text(s) in steps for s in sides) and any("warm" in (ident(s) or "").lower() for s in sides):
                return True
    return False


def _after_site(fn: ast.AST, steps: set[str]) -> ast.AST | None:
    """The ``return`` after the warm-up test (the phase that takes over), for the finding's line."""
    body = getattr(fn, "body", None)
    if not isinstance(body, list):
        return None
    for i, st in enumerate(body):
        if isinstance(st, ast.If) and _tests_warmup(st.test, steps):
            rest = st.orelse or body[i + 1:]
            return next((r for s in rest for r in [s, *walk_no_defs(s)] if isinstance(r, ast.Return)), None)
    return None


def _run(body, env: dict[str, float]) -> float | None:
    if not isinstance(body, list):
        return _val(body, env)
    for st in body:
        if isinstance(st, ast.Return):
            return _val(st.value, env) if st.value is not None else None
        if isinstance(st, ast.If):
            cond = _val(st.test, env)
            if not isinstance(cond, bool):
                return None
            arm = st.body if cond else st.orelse
            if any(isinstance(n, ast.Return) for s in arm for n in [s, *walk_no_defs(s)]):
                return _run(arm, env)
            continue
        if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name):
            v = _val(st.value, env)
            if v is None:
                return None
            env = {**env, st.targets[0].id: v}
            continue
        if isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant) or isinstance(st, ast.Assert):
            continue   # a docstring, a check
        return None
    return None


def _val(e: ast.AST | None, env: dict[str, float]):
    if isinstance(e, ast.Constant):
        return float(e.value) if isinstance(e.value, (int, float)) and not isinstance(e.value, bool) else None
    if isinstance(e, (ast.Name, ast.Attribute)):
        key = text(e)
        if key in env:
            return env[key]
        if key == "math.pi":
            return math.pi
        low = (ident(e) or "").lower()
        if "warm" in low and re.search(r"factor|ratio|frac|mult|scale|gamma|start|init", low):
            return None   # torchvision's `warmup_factor` (the start factor): a number the file does not give
        if "warm" in low:
            return float(WARM)
        if _LR.search(low):
            return 0.0 if "min" in low else 1.0
        if _RUN.search(low) or (low == "epoch" and isinstance(e, ast.Attribute) and text(e.value) != "self"):
            return float(TOTAL)   # (`args.epoch`: a setting named after the epoch is the run's epoch count)
        return None
    if isinstance(e, (ast.List, ast.Tuple)) and len(e.elts) == 1:
        return _val(e.elts[0], env)
    if isinstance(e, ast.ListComp) and len(e.generators) == 1 and not e.generators[0].ifs:
        return _val(e.elt, env)   # one value per param group: `[base_lr * f for base_lr in self.base_lrs]`
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub):
        v = _val(e.operand, env)
        return -v if isinstance(v, float) else None
    if isinstance(e, ast.BinOp) and type(e.op) in BINOPS:
        a, b = _val(e.left, env), _val(e.right, env)
        if not (isinstance(a, float) and isinstance(b, float)):
            return None
        v = arith(e.op, a, b)
        return float(v) if isinstance(v, (int, float)) and not isinstance(v, complex) else None
    if isinstance(e, ast.Call) and ident(e.func) in ("min", "max") and len(e.args) >= 2 and not e.keywords:
        vals = [_val(x, env) for x in e.args]
        return (min if ident(e.func) == "min" else max)(vals) if all(isinstance(v, float) for v in vals) else None
    if isinstance(e, ast.Call) and ident(e.func) in _MATH and len(e.args) == 1 and not e.keywords:
        v = _val(e.args[0], env)
        try:
            return float(_MATH[ident(e.func)](v)) if isinstance(v, float) else None
        except (ValueError, OverflowError):
            return None
    if isinstance(e, ast.Compare) and len(e.ops) == 1 and type(e.ops[0]) in COMPARE:
        a, b = _val(e.left, env), _val(e.comparators[0], env)
        return COMPARE[type(e.ops[0])](a, b) if isinstance(a, float) and isinstance(b, float) else None
    if isinstance(e, ast.IfExp):
        cond = _val(e.test, env)
        return _val(e.body if cond else e.orelse, env) if isinstance(cond, bool) else None
    return None
