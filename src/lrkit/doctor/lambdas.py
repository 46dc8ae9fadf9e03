"""What a ``LambdaLR``'s function says: the unit its argument counts in, and whether it returns an LR.

A lambda has no length argument, but its body names one: ``lambda e: (1 - e / args.epochs) ** 0.9``
counts epochs, ``lambda s: min(1, s / warmup_steps)`` steps. And ``LambdaLR`` multiplies the base LR
by what the function returns, so a function that returns an LR (``return lr``, ``args.lr * 0.1 ** k``)
gives base_lr x lr.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from .context import Ctx
from .symbols import Obj, ident, text, walk_no_defs

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

_LR_NAME = re.compile(r"^(lr|learning_rate|base_lr|max_lr|init_lr|initial_lr|peak_lr|target_lr|warmup_lr|lr_max|"
                      r"lr_min|lr_base|lr_init|lr_peak|current_lr|cur_lr|new_lr)$")
_EPOCHS = re.compile(r"epoch")
_STEPS = re.compile(r"step|iter")


def function_of(chk: "Checker", o: Obj) -> ast.Lambda | ast.FunctionDef | None:
    """The function given to a ``LambdaLR``/``MultiplicativeLR`` (a lambda, a def of the file, a partial)."""
    if o.lib != "torch" or o.cls not in ("LambdaLR", "MultiplicativeLR"):
        return None
    f = o.arg("lr_lambda")
    if isinstance(f, ast.Call) and ident(f.func) == "partial" and f.args:
        f = f.args[0]
    if isinstance(f, ast.Lambda):
        # `lambda epoch: schedule(epoch, 0.2)`: a forwarding lambda reads as the function it calls
        if isinstance(f.body, ast.Call) and isinstance(f.body.func, ast.Name) and f.body.func.id in chk.m.functions:
            return chk.m.functions[f.body.func.id]
        return f
    if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "self":
        vals = chk.m.self_assigns.get((chk.cls_of(o) or "", f.attr), [])   # `self.warm_cos = lambda e: ...`
        return vals[0][0] if len(vals) == 1 and isinstance(vals[0][0], ast.Lambda) else None
    name = ident(f) if isinstance(f, ast.Name) else None
    if name is None:
        return None
    scope = o.scope or chk.m.module_scope
    v = scope.value_of(name)
    if isinstance(v, ast.Lambda):
        return v
    while scope is not None:   # a def in the enclosing function, or at the top of the module
        body = getattr(scope.node, "body", [])
        for st in body:
            if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)) and st.name == name:
                return st
        # one inside an `if`/`elif` arm (or a loop, a `with`) of that body: the last before the LambdaLR
        nested = sorted((d for st in body if not isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                         for d in walk_no_defs(st)
                         if isinstance(d, (ast.FunctionDef, ast.AsyncFunctionDef)) and d.name == name),
                        key=lambda d: d.lineno)
        before = [d for d in nested if d.lineno < getattr(o.node, "lineno", 0)]
        if before or nested:
            return (before or nested)[-1]
        scope = scope.parent
    return None


def params_of(fn: ast.Lambda | ast.FunctionDef) -> set[str]:
    a = fn.args
    return {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs}


def copied_factory_length(chk: "Checker", o: Obj) -> tuple[str, ast.expr] | None:
    """For a ``LambdaLR`` built in the file's own copy of a transformers warm-up factory (same name, same leading
    parameters: ``Imports.hf_copies``) that the file calls once: its ``num_training_steps`` as the function uses it,
    a length counted in ``step()`` calls whose value the call gives (``num_training_steps=num_epochs``)."""
    fn = chk.m.enclosing_function(o.node)
    if fn is None or getattr(fn, "name", None) not in chk.m.imports.hf_copies or chk.m.sole_call.get(id(fn)) is None:
        return None
    f = function_of(chk, o)
    use = next((n for n in ast.walk(f) if isinstance(n, ast.Name) and n.id == "num_training_steps"), None) \
        if f is not None else None
    if use is None:
        return None
    scope = chk.m.scopes.get(id(fn))
    given = scope.passed.get("num_training_steps") if scope is not None else None
    if given is not None and chk.res.sizing(given[0], scope) == chk.res.sizing(use, scope):
        return ("num_training_steps", given[0])   # the call's own text reads better: `num_training_steps=num_epochs`
    return ("num_training_steps", use)


def unit_name(chk: "Checker", o: Obj) -> tuple[ast.expr, str] | None:
    """An identifier of the function's body that names its unit (``args.epochs``) and that unit
    (``"epochs"`` or ``"steps"``), when all such names agree."""
    fn = function_of(chk, o)
    if fn is None:
        return None
    params = params_of(fn)
    epochs, steps, named_steps = [], [], []
    body = [fn.body] if isinstance(fn, ast.Lambda) else fn.body
    home = chk.m.scope_at(fn)
    for st in body:
        for n in [st, *walk_no_defs(st)]:
            if isinstance(n, ast.Call) and ident(n.func) == "len" and len(n.args) == 1 \
                    and chk.res.len_unit(n.args[0], home) == "steps":
                steps.append(n)   # `len(train_loader)` in the function: it counts batches
                continue
            if not isinstance(n, (ast.Name, ast.Attribute)) or (isinstance(n, ast.Name) and n.id in params):
                continue
            if isinstance(n, ast.Attribute) and not isinstance(n.ctx, ast.Load):
                continue
            origin = chk.res.sizing(n, home) if isinstance(n, ast.Name) and home.value_of(n.id) is not None else None
            if origin in ("epochs", "steps"):   # where the value comes from says more than its name
                (epochs if origin == "epochs" else steps).append(n)
                continue
            low = (ident(n) or "").lower()
            if "per_epoch" in low or "epoch_" in low and _STEPS.search(low):
                steps.append(n)
            elif _EPOCHS.search(low):
                epochs.append(n)
            elif _STEPS.search(low) and not low.startswith("step_size"):
                named_steps.append(n)
    # `lambda epoch: epoch / warmup_steps`: the function's own argument names its unit as well as any other name
    # does, so a steps-like name alone says nothing against it
    if not (named_steps and any(_EPOCHS.search(p.lower()) for p in params)):
        steps += named_steps
    if epochs and not steps:
        return epochs[0], "epochs"
    if steps and not epochs:
        return steps[0], "steps"
    return None


def returns_an_lr(chk: "Checker", o: Obj) -> ast.AST | None:
    """The returned expression when the function returns an LR rather than a factor (LR039)."""
    fn = function_of(chk, o)
    if fn is None or o.cls != "LambdaLR":
        return None
    opt = chk.optimizer_of(o)
    v = None
    if opt is not None:
        lr = opt.arg("lr")
        v = chk.res.value(lr, opt.scope or chk.m.module_scope) if lr is not None else None
        if isinstance(v, (int, float)) and v == 1:
            return None   # lr=1: the function's value is the LR, on purpose (the Noam recipe)
    rets = [fn.body] if isinstance(fn, ast.Lambda) else [r.value for r in walk_no_defs(fn)
                                                         if isinstance(r, ast.Return) and r.value is not None]
    # the optimizer's own LR; each arm's when an `if` binds the optimizer's name to one of several
    owns = [f for x in {id(x): x for x in [opt, *optimizers_of(chk, o)] if x is not None}.values()
            if (f := _own_lr(chk, fn, x, v if x is opt else None)) is not None]
    for r in rets:
        if _lr_valued(r, fn) or (isinstance(v, float) and 0 < v < 1 and _scaled_by(r, v)) \
                or any(_product_of(r, f) for f in owns):
            return r
    return None


def optimizers_of(chk: "Checker", o: Obj) -> list[Obj]:
    """Every optimizer the scheduler's optimizer argument may hold (one per arm of an ``if`` that binds it)."""
    ctx = Ctx(o.scope or chk.m.module_scope, cls=chk.cls_of(o), bindings=o.bindings)
    return chk.m.lookup_all(o.arg("optimizer"), ctx)


def _own_lr(chk: "Checker", fn, opt: Obj, v: object):
    """A test for a term that is the optimizer's own LR: the expression given as its ``lr=`` (``start_lr``,
    ``self.lr``, ``args.lr``; not one of the function's parameters) or a name of the same resolved value."""
    lr = opt.arg("lr")
    if lr is None:
        return None
    params = set(params_of(fn))
    home = chk.m.scope_at(fn)
    same = text(lr) if isinstance(lr, (ast.Name, ast.Attribute)) and ident(lr) not in params else None

    def is_own(n: ast.AST) -> bool:
        if not isinstance(n, (ast.Name, ast.Attribute)) or (isinstance(n, ast.Name) and n.id in params):
            return False
        if same is not None and text(n) == same:
            return True
        return isinstance(v, float) and 0 < v < 1 and isinstance(n, ast.Name) and chk.res.value(n, home) == v
    return is_own


def _product_of(expr: ast.AST, is_own) -> bool:
    """The result is the optimizer's LR times something (``start_lr * ratio ** t``, also in either arm of an
    ``x if c else y`` and before a division by anything but that LR): an LR, not a factor."""
    if isinstance(expr, ast.IfExp):
        return _product_of(expr.body, is_own) or _product_of(expr.orelse, is_own)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult):
        return any(is_own(x) or _product_of(x, is_own) for x in (expr.left, expr.right))
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Div):
        return not any(is_own(n) for n in ast.walk(expr.right)) and _product_of(expr.left, is_own)
    return False


def _scaled_by(expr: ast.AST, lr: float) -> bool:
    """``2e-5 * (1 - it / total)`` with ``lr=2e-5``: the optimizer's LR written into the factor as a number."""
    return any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mult) and any(
        isinstance(side, ast.Constant) and isinstance(side.value, float) and side.value == lr
        for side in (n.left, n.right)) for n in ast.walk(expr))


def _lr_valued(expr: ast.AST, fn) -> bool:
    """An LR-named value (``lr``, ``args.lr``, ``base_lr``) in the result, and none dividing it (``lr / base_lr``
    is a factor)."""
    def is_lr(n: ast.AST) -> bool:
        return isinstance(n, (ast.Name, ast.Attribute)) and bool(_LR_NAME.match((ident(n) or "").lower()))
    divisors = {id(m) for n in ast.walk(expr) if isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Div, ast.FloorDiv))
                for m in ast.walk(n.right)}
    if any(is_lr(n) and id(n) in divisors for n in ast.walk(expr)):
        return False
    return any(is_lr(n) for n in ast.walk(expr))


def epoch_warmup(chk: "Checker", o: Obj) -> ast.expr | None:
    """A warmup length computed from epochs (``warmup_steps = int(0.1 * num_epochs)``) that the function compares
    with its argument, while its decay counts batches (``len(train_loader)`` in the same function)."""
    fn = function_of(chk, o)
    if fn is None:
        return None
    params = params_of(fn)
    home = chk.m.scope_at(fn)
    nodes = [n for st in ([fn.body] if isinstance(fn, ast.Lambda) else fn.body) for n in [st, *walk_no_defs(st)]]
    if not any(isinstance(n, ast.Call) and ident(n.func) == "len" and len(n.args) == 1
               and chk.res.len_unit(n.args[0], home) == "steps" for n in nodes):
        return None
    for n in nodes:
        if isinstance(n, ast.Compare) and len(n.comparators) == 1 and isinstance(n.left, ast.Name) \
                and n.left.id in params:
            bound = n.comparators[0]
            if isinstance(bound, ast.Name) and "warm" in bound.id.lower() and home.value_of(bound.id) is not None \
                    and chk.res.sizing(home.value_of(bound.id), home.scope_of_value(bound.id)) == "epochs":
                return bound
    return None
