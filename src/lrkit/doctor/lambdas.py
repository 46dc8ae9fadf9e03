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

from .context import Branch, Ctx, Loop, StepCall
from .symbols import HF_MODULES, Obj, ident, text, walk_no_defs
from .units import COMPARE, arith

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


def _params(fn: ast.Lambda | ast.FunctionDef) -> set[str]:
    a = fn.args
    return {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs}


def unit_name(chk: "Checker", o: Obj) -> tuple[ast.expr, str] | None:
    """An identifier of the function's body that names its unit (``args.epochs``) and that unit
    (``"epochs"`` or ``"steps"``), when all such names agree."""
    fn = function_of(chk, o)
    if fn is None:
        return None
    params = _params(fn)
    epochs, steps, named_steps = [], [], []
    body = [fn.body] if isinstance(fn, ast.Lambda) else fn.body
    home = chk.m.scopes.get(id(fn)) or chk.m.scopes.get(id(chk.m.enclosing_function(fn)), chk.m.module_scope)
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
    params = set(_params(fn))
    home = chk.m.scopes.get(id(fn)) or chk.m.scopes.get(id(chk.m.enclosing_function(fn)), chk.m.module_scope)
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
    params = _params(fn)
    home = chk.m.scopes.get(id(fn)) or chk.m.scopes.get(id(chk.m.enclosing_function(fn)), chk.m.module_scope)
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


# -- LR044: a warm-up whose first factor is 0, stepped once per epoch ---------------------------------------
_ZERO_OPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Pow)


def first_factor(chk: "Checker", o: Obj) -> float | None:
    """The factor the function of a ``LambdaLR`` returns for step 0 (what the first epoch trains with when it
    is stepped per epoch), when the source shows it. An ``if step < warmup:`` arm whose bound is unknown is
    taken: it is the arm that runs whenever there is a warm-up at all."""
    fn = function_of(chk, o)
    if fn is None or o.cls != "LambdaLR" or not _params(fn):
        return None
    a = fn.args
    param = (a.posonlyargs + a.args)[0].arg
    home = chk.m.scopes.get(id(fn)) or chk.m.scopes.get(id(chk.m.enclosing_function(fn)), chk.m.module_scope)
    env: dict[str, object] = {param: 0}
    if isinstance(fn, ast.Lambda):
        v = _at_zero(chk, fn.body, env, home)
    else:
        v = _run(chk, fn.body, env, home, param)
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _run(chk: "Checker", body: list[ast.stmt], env: dict, home, param: str) -> object:
    for st in body:
        if isinstance(st, ast.Return):
            return _at_zero(chk, st.value, env, home) if st.value is not None else None
        if isinstance(st, ast.If):
            cond = _at_zero(chk, st.test, env, home)
            if not isinstance(cond, bool):
                cond = True if _warmup_test(st.test, param) else False if _no_warmup(st.test) else None
            if cond is None:
                return None
            arm = st.body if cond else st.orelse
            if any(isinstance(n, ast.Return) for s in arm for n in [s, *walk_no_defs(s)]):
                return _run(chk, arm, env, home, param)
            continue
        if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name):
            env[st.targets[0].id] = _at_zero(chk, st.value, env, home)
            continue
        if isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant):
            continue   # a docstring
        return None
    return None


def _warmup_test(t: ast.AST, param: str) -> bool:
    """``step < warmup`` (or ``warmup > step``, ``<=``): true at step 0 whenever the warm-up is not empty."""
    if not (isinstance(t, ast.Compare) and len(t.ops) == 1):
        return False
    left, op, right = t.left, t.ops[0], t.comparators[0]
    if isinstance(op, (ast.Lt, ast.LtE)):
        return isinstance(left, ast.Name) and left.id == param
    if isinstance(op, (ast.Gt, ast.GtE)):
        return isinstance(right, ast.Name) and right.id == param
    return False


def _no_warmup(t: ast.AST) -> bool:
    """``if warmup_epochs <= 0:`` (``== 0``, ``< 1``, ``not warmup``): the guard for a run without a warm-up, not
    taken whenever there is one (the case the warm-up factor matters in)."""
    if isinstance(t, ast.UnaryOp) and isinstance(t.op, ast.Not):
        t, op, bound = t.operand, None, None
    elif isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.comparators[0], ast.Constant):
        op, bound = t.ops[0], t.comparators[0].value
        if not ((isinstance(op, (ast.LtE, ast.Eq)) and bound == 0) or (isinstance(op, ast.Lt) and bound == 1)):
            return False
        t = t.left
    else:
        return False
    name = ident(t) if isinstance(t, (ast.Name, ast.Attribute)) else None
    return name is not None and "warm" in name.lower()


def _at_zero(chk: "Checker", e: ast.AST | None, env: dict, home) -> object:
    """The value of ``e`` with the function's argument at 0; a product or quotient with a zero factor is 0
    whatever the other side (``step / warmup_steps``)."""
    if isinstance(e, ast.Constant):
        return e.value if isinstance(e.value, (int, float)) else None
    if isinstance(e, ast.Name) and e.id in env:
        return env[e.id]
    if isinstance(e, (ast.Name, ast.Attribute)):
        return chk.m.constant(e, home)
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub):
        v = _at_zero(chk, e.operand, env, home)
        return -v if isinstance(v, (int, float)) else None
    if isinstance(e, ast.BinOp) and isinstance(e.op, _ZERO_OPS):
        a, b = _at_zero(chk, e.left, env, home), _at_zero(chk, e.right, env, home)
        if isinstance(e.op, (ast.Div, ast.FloorDiv, ast.Mult)) and a == 0 and not isinstance(a, bool):
            return 0.0
        if isinstance(e.op, ast.Mult) and b == 0 and not isinstance(b, bool):
            return 0.0
        if not all(isinstance(x, (int, float)) for x in (a, b)):
            return None
        return arith(e.op, a, b)
    if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id in ("min", "max", "float", "int") \
            and e.args and not e.keywords:
        vals = [_at_zero(chk, x, env, home) for x in e.args]
        if not all(isinstance(x, (int, float)) for x in vals):
            return None
        return {"min": min, "max": max}[e.func.id](vals) if e.func.id in ("min", "max") else vals[0]
    if isinstance(e, ast.Compare) and len(e.ops) == 1 and type(e.ops[0]) in (ast.Lt, ast.LtE, ast.Gt, ast.GtE):
        a, b = _at_zero(chk, e.left, env, home), _at_zero(chk, e.comparators[0], env, home)
        if not all(isinstance(x, (int, float)) for x in (a, b)):
            return None
        return COMPARE[type(e.ops[0])](a, b)
    if isinstance(e, ast.IfExp):
        cond = _at_zero(chk, e.test, env, home)
        if not isinstance(cond, bool) and _warmup_test(e.test, next(iter(env), "")):
            cond = True   # `step / warmup if step < warmup else 1.0`: the arm any warm-up starts in (env's first key)
        return _at_zero(chk, e.body if cond else e.orelse, env, home) if isinstance(cond, bool) else None
    return None


def first_epoch_at_zero(chk: "Checker", o: Obj) -> None:
    """LR044: a ``LambdaLR`` whose factor is 0 at step 0, stepped once per epoch (after the optimizer): the
    whole first epoch trains with LR 0. Stepped per batch it is one update, and harmless."""
    hf = _hf_warmup(chk, o)
    if not (o.cls in ("LambdaLR", "SequentialLR") or hf) or not isinstance(o.node, ast.Call) \
            or o.arg("last_epoch") is not None:
        return
    evs = [ev for ev in chk.m.sched_steps if ev.obj is o and ev.by == "hand" and chk.compatible(ev)]
    if not evs or any(not _per_epoch(chk, ev) or ev.call.args or ev.call.keywords for ev in evs):
        return
    if any(s.obj is o for s, _ in chk.m.order_issues):
        return
    inner = {id(_innermost(ev.path)) for ev in evs}
    if any(e.ctx.root == evs[0].ctx.root and id(_innermost(e.path)) in inner for e in chk.m.opt_steps):
        return   # full-batch training: one update per epoch, so the first factor costs one update only
    if o.cls == "SequentialLR":
        sequence_first_at_zero(chk, o)
    elif hf and not _sized_in_steps(chk, o):   # transformers' factories: a LambdaLR, warm-up `step / num_warmup_steps`
        chk.add(o.node, "LR044", sched_desc=o.desc, scheduler=o.name,
                fix="step it after every optimizer step, inside the batch loop, with num_warmup_steps and "
                    "num_training_steps counted in optimizer steps (`len(train_loader) * epochs`)")
    elif first_factor(chk, o) == 0:
        chk.add(o.node, "LR044", sched_desc=o.desc, scheduler=o.name)


def _hf_warmup(chk: "Checker", o: Obj) -> bool:
    """A transformers warm-up factory (``get_linear_schedule_with_warmup``, ``get_scheduler(...,
    num_warmup_steps=...)``, ``WarmupLinearSchedule``) with a warm-up the file shows to be above 0: its factor at
    step 0 is ``0 / num_warmup_steps``, 0."""
    if o.lib != "transformers" or "constant_schedule" == o.cls.removeprefix("get_") or not isinstance(
            o.node, ast.Call) or not (chk.m.imports.qual(o.node.func) or "").startswith(HF_MODULES):
        return False   # a project's own copy of the factory may start its warm-up elsewhere
    scope = o.scope or chk.m.module_scope

    def number(name: str) -> float | None:
        a = o.arg(name)
        v = None if a is None else chk.res.value(a, scope)
        if a is not None and v is None:
            v = chk.cli_default(a, scope)
        return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None

    warmup = next((v for v in map(number, ("num_warmup_steps", "warmup_steps")) if v is not None), None)
    total = next((v for v in map(number, ("num_training_steps", "t_total")) if v is not None), None)
    # one epoch at LR 0 matters in a run of tens of epochs, not in one of thousands
    return warmup is not None and warmup > 0 and total is not None and 0 < total <= 100


def _sized_in_steps(chk: "Checker", o: Obj) -> bool:
    """The run length says optimizer steps (``len(loader) * epochs``): stepped per epoch that is LR002, which
    also covers the warm-up."""
    length = chk.length_of(o)
    return length is not None and chk.unit(length[1], o.scope or chk.m.module_scope) == "steps"


def sequence_first_at_zero(chk: "Checker", o: Obj) -> None:
    """LR044 for the first scheduler of a ``SequentialLR`` stepped once per epoch (by hand or by Lightning's
    ``"interval": "epoch"``): SequentialLR's constructor resets the LR and applies its first scheduler's step 0,
    so a ``LambdaLR`` warm-up of factor 0 there holds the LR at 0 for the whole first epoch."""
    kids = chk.seq_children(o)
    first = kids[0] if kids else None
    if first is not None and first.cls == "LambdaLR" and isinstance(first.node, ast.Call) \
            and first.arg("last_epoch") is None and first_factor(chk, first) == 0:
        chk.add(first.node, "LR044", sched_desc=first.desc, scheduler=first.name)


def _per_epoch(chk: "Checker", ev: StepCall) -> bool:
    """Stepped once per epoch; also in the warm-up arm of the epoch loop (``if epoch < warmup_epochs:
    warmup.step()``), which runs from the first epoch on."""
    from .flow import neutral   # flow imports this module

    per = chk.stepping_quiet(ev)
    if per is not None:
        return per == "epoch"
    loops = [x for x in ev.path if isinstance(x, Loop) and x.kind != "other"]
    if not loops or any(x.kind != "epoch" for x in loops) or any(lp.kind != "epoch" for lp in ev.ctx.loops
                                                                   if lp.kind != "other"):
        return False
    after = ev.path[max(i for i, x in enumerate(ev.path) if isinstance(x, Loop) and x.kind != "other") + 1:]
    arms = [b for b in after if isinstance(b, Branch)]
    return bool(arms) and all(chk.warmup_arm(b) or neutral(b, ev.obj) for b in arms)


def _innermost(path: tuple) -> object:
    """The node of the innermost loop on a call's path (None outside loops)."""
    loops = [x.node for x in path if isinstance(x, Loop)]
    return loops[-1] if loops else None
