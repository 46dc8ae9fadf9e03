"""LR044: a ``LambdaLR`` warm-up whose first factor is 0, stepped once per epoch; LR056: a ``LambdaLR`` stepped
only from a start epoch on whose factor at step 0 is not 1.

``LambdaLR`` applies its function's value for step 0 when it is built, so ``lambda epoch: epoch / 5`` trains the
whole first epoch at LR 0 when it is stepped per epoch. The factor at step 0 is read from the lambda or the
function (its ``if epoch < warmup:`` arm, constants and argparse defaults).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .context import Branch, Loop, StepCall
from .lambdas import function_of, params_of
from .symbols import HF_MODULES, Obj, ident, text, walk_no_defs
from .units import COMPARE, arith

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker


# -- LR044: a warm-up whose first factor is 0, stepped once per epoch ---------------------------------------
_ZERO_OPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Pow)


def first_factor(chk: "Checker", o: Obj) -> float | None:
    """The factor the function of a ``LambdaLR`` returns for step 0 (what the first epoch trains with when it
    is stepped per epoch), when the source shows it. An ``if step < warmup:`` arm whose bound is unknown is
    taken: it is the arm that runs whenever there is a warm-up at all."""
    if o.cls != "LambdaLR":
        return None
    values = {_first(chk, fn) for fn in _functions(chk, o)}
    return values.pop() if len(values) == 1 else None


def _functions(chk: "Checker", o: Obj) -> list[ast.Lambda | ast.FunctionDef]:
    """The function of the ``LambdaLR``, or every lambda its name is bound to in the arms of an ``if`` (``if
    args.warmup_type == "linear": warm_up = lambda epoch: ... elif ...: warm_up = lambda epoch: ...``)."""
    fn = function_of(chk, o)
    if fn is not None:
        return [fn]
    f = o.arg("lr_lambda")
    if isinstance(f, ast.Name):
        vals = (o.scope or chk.m.module_scope).scope_of_value(f.id).assigns.get(f.id, [])
    elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "self":
        vals = [v for v, _ in chk.m.self_assigns.get((chk.cls_of(o) or "", f.attr), [])]   # `self.warm_up = lambda ...`
    else:
        return []
    return list(vals) if vals and all(isinstance(v, ast.Lambda) for v in vals) else []


def _first(chk: "Checker", fn: ast.Lambda | ast.FunctionDef, at: int = 0) -> float | None:
    """The function's value at step ``at`` (0 unless given)."""
    if not params_of(fn):
        return None
    a = fn.args
    param = (a.posonlyargs + a.args)[0].arg
    home = chk.m.scope_at(fn)
    env: dict[str, object] = {param: at}
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
    evs = _reached([ev for ev in chk.m.sched_steps if ev.obj is o and ev.by == "hand" and chk.compatible(ev)])
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


def _reached(evs: list[StepCall]) -> list[StepCall]:
    """The steps less the ones a helper's own walk saw outside every loop (``def scheduler_step(self, ...):
    self.scheduler.step()`` walked as a root) when the epoch loop that calls the helper reaches the same call."""
    looped = {id(ev.call) for ev in evs if ev.ctx.loops}
    return [ev for ev in evs if ev.ctx.loops or id(ev.call) not in looped]


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


# -- LR056: a schedule stepped from a start epoch on, whose step-0 factor applies from the start -----------------
def late_start_factor(chk: "Checker", o: Obj) -> None:
    r"""LR056: a ``LambdaLR`` stepped with the epoch (``step(epoch)``) only under ``if epoch >= N:``, whose
    factor is 1 at N (the decay was written to start there) but not at 0: the constructor applies the factor at 0,
    so every epoch before N trains at that multiple of the optimizer's LR.

    >>> from lrkit.doctor import check_source
    >>> src = ("import torch\nopt = torch.optim.Adam(net.parameters(), 2e-4)\n"
    ...        "sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda epoch: 2 - epoch / 100)\n"
    ...        "for epoch in range(200):\n    train(opt)\n    if epoch >= 100:\n        sched.step(epoch)\n")
    >>> [(f.code, f.line) for f in check_source(src, "t.py")]
    [('LR056', 3)]
    """
    if o.cls != "LambdaLR" or not isinstance(o.node, ast.Call) or o.arg("last_epoch") is not None:
        return
    evs = [ev for ev in chk.m.sched_steps if ev.obj is o]
    if not evs or any(ev.by != "hand" for ev in evs):
        return
    starts = {_gate(chk, ev) for ev in evs}
    if len(starts) != 1 or None in starts:
        return
    start, gate = starts.pop()   # type: ignore[misc]
    fns = _functions(chk, o)
    first = {_first(chk, fn) for fn in fns}
    then = {_first(chk, fn, start) for fn in fns}
    if len(first) != 1 or then != {1.0} or None in first or first == {1.0}:
        return
    f0 = first.pop()
    chk.add(o.node, "LR056", sched_desc=o.desc, scheduler=o.name, start=str(start), gate=gate, first=f"{f0:g}",
            span="decay_epochs")


def _gate(chk: "Checker", ev: StepCall) -> tuple[int, str] | None:
    """``if epoch >= N: sched.step(epoch)`` (``>``: from N + 1) in the epoch loop over ``epoch``: (N, the test)."""
    if len(ev.call.args) != 1 or ev.call.keywords or not isinstance(ev.call.args[0], (ast.Name, ast.Attribute)):
        return None
    var = text(ev.call.args[0])   # `epoch`, or `self.epoch` in a trainer's `for self.epoch in range(...)`
    loops = [x for x in ev.path if isinstance(x, Loop) and x.kind == "epoch"]
    if not loops or not isinstance(loops[-1].node, ast.For) or text(loops[-1].node.target) != var:
        return None
    after = ev.path[ev.path.index(loops[-1]) + 1:]
    arms = [b for b in after if isinstance(b, Branch)]
    if len(arms) != 1 or any(isinstance(x, Loop) for x in after) or arms[0].key is not True:
        return None
    t = arms[0].test
    if not (isinstance(t, ast.Compare) and len(t.ops) == 1 and text(t.left) == var
            and isinstance(t.ops[0], (ast.GtE, ast.Gt))):
        return None
    n = chk.m.constant(t.comparators[0], loops[-1].scope)
    if not isinstance(n, int) or isinstance(n, bool) or n <= 0:
        return None
    return (n if isinstance(t.ops[0], ast.GtE) else n + 1), f"if {text(t)}:"
