"""Rules about a scheduler's run length as written in its constructor (LR017, LR018, LR019, LR023, LR042),
and LR013 for a length in updates stepped every batch. (Just over 400 lines on purpose: the five constructor-length
rules share the reading of a length's unit — batches, updates, examples, epochs — that most of the module is.)"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from .batchsize import batch_of_one, batch_sizes
from .flow import accumulates, construction_path, may_be_stepped
from .lambdas import returns_an_lr
from .iterbudget import iteration_budget
from .context import Ctx
from .symbols import (HF_SCHEDULERS, HF_WARMUP_ARGS, STEP_NAME, TORCH_SCHEDULERS, WHOLE_RUN, Obj, ident, text,
                      walk_no_defs)

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

_PER_STEP = {"OneCycleLR"}


def length_rules(chk: "Checker", o: Obj) -> None:
    if o.kind != "scheduler" or not isinstance(o.node, ast.Call):
        return
    value = returns_an_lr(chk, o)
    if value is not None:
        chk.add(o.node, "LR039", scheduler=o.name, value=text(value))
    warmup_vs_total(chk, o)
    lr_as_length(chk, o)
    milestone_zero(chk, o)
    samples(chk, o)
    accumulation(chk, o)
    stepped_faster_than_updates(chk, o)


def site_of(chk: "Checker", o: Obj) -> ast.AST:
    """Where a unit finding (LR018, LR019) goes: the constructor, or, for one built in a factory of the file from
    a length its parameters bring, the factory's one call (where that length is computed). Findings visible in
    the constructor itself (LR017, LR023, LR039) stay there."""
    fn = chk.m.enclosing_function(o.node)
    call = chk.m.sole_call.get(id(fn)) if fn is not None else None
    if call is None or not _returns(chk, fn, o):
        return o.node
    params = {a.arg for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs}
    scope = chk.m.scopes.get(id(fn))
    uses = {n.id for a in [*o.node.args, *(k.value for k in o.node.keywords)] for n in ast.walk(a)
            if isinstance(n, ast.Name)}
    seen = set()
    while uses - seen:   # through the factory's own assignments (`warmup = int(0.1 * total)`)
        name = (uses - seen).pop()
        seen.add(name)
        v = scope.assigns.get(name, []) if scope is not None else []
        uses |= {n.id for x in v for n in ast.walk(x) if isinstance(n, ast.Name)}
    return call if uses & params - {"optimizer", "opt", "optim"} else o.node


def _returns(chk: "Checker", fn: ast.AST, o: Obj) -> bool:
    """``fn`` hands ``o`` back to its caller (``return sched``, ``return opt, sched``, ``return StepLR(...)``)."""
    scope = chk.m.scopes.get(id(fn))
    for r in walk_no_defs(fn):
        if isinstance(r, ast.Return) and r.value is not None:
            vals = r.value.elts if isinstance(r.value, ast.Tuple) else [r.value]
            for v in vals:
                if v is o.node or (scope is not None and o in chk.m.lookup_all(v, Ctx(scope, cls=chk.cls_of(o)))):
                    return True
    return False


def _shown(expr: ast.AST, value: float) -> str:
    """``warmup_steps = 100`` for a name, ``100`` for the literal itself."""
    return text(expr) if text(expr) == f"{value:g}" else f"{text(expr)} = {value:g}"


def _scope(chk: "Checker", o: Obj):
    return o.scope or chk.m.module_scope


# -- LR017 ------------------------------------------------------------------------------------------
def warmup_vs_total(chk: "Checker", o: Obj) -> None:
    if o.lib != "transformers":
        return
    for warm_arg, total_arg in HF_WARMUP_ARGS.items():
        w, t = o.arg(warm_arg), o.arg(total_arg)
        if w is None or t is None:
            continue
        scope = _scope(chk, o)
        vw, vt = chk.res.value(w, scope), chk.res.value(t, scope)
        if isinstance(vw, (int, float)) and isinstance(vt, (int, float)) and vw > 0 >= vt:
            # `WarmupLinearSchedule(opt, warmup_steps=100, t_total=-1)`: past the warmup the factor is 0
            chk.add(o.node, "LR017", ctor=o.cls, warmup=_shown(w, vw), total=_shown(t, vt),
                    effect="a run length that is not positive: after the warmup the LR falls to 0",
                    fix=f"give the whole run's length in optimizer steps: `{o.cls}(optimizer, {warm_arg}=warmup_steps, "
                        f"{total_arg}=total_steps)`")
            return
        if isinstance(vw, (int, float)) and isinstance(vt, (int, float)) and vw >= vt > 0:
            effect = "the warmup never ends" if vw > vt else "the LR reaches its peak at the last step"
            chk.add(o.node, "LR017", ctor=o.cls, warmup=_shown(w, vw), total=_shown(t, vt),
                    effect=effect)
            return
        if isinstance(t, ast.BinOp) and isinstance(t.op, ast.Mult):
            # `(epochs - 1) * total_steps` as the run with `total_steps` as the warmup and epochs = 2
            for a, b in ((t.left, t.right), (t.right, t.left)):
                c = chk.res.value(b, scope)
                if ast.dump(a) == ast.dump(w) and isinstance(c, (int, float)) and 0 < c <= 1:
                    chk.add(o.node, "LR017", ctor=o.cls, warmup=text(w), total=f"{text(t)} = {c:g} x {text(w)}",
                            effect="the warmup takes the whole run" if c == 1 else "the warmup never ends")
                    return
        if (_whole_run_name(w) or _whole_run_product(chk, w, scope)) and _warmup_name(t):
            chk.swapped.add(id(o))
            chk.add(o.node, "LR017", ctor=o.cls, warmup=text(w), total=text(t),
                    effect="the two arguments are swapped: the warmup takes the whole run")
            return
        wx = scope.value_of(w.id) if isinstance(w, ast.Name) and scope.value_of(w.id) is not None else w
        if isinstance(wx, ast.BinOp) and isinstance(wx.op, ast.Mult) and any(
                ast.dump(t) == ast.dump(a) and _multiple(chk, b, scope) for a, b in ((wx.left, wx.right), (wx.right, wx.left))):
            chk.swapped.add(id(o))
            chk.add(o.node, "LR017", ctor=o.cls, warmup=text(w), total=text(t),
                    effect="the warmup is a multiple of the run: the two arguments look swapped")
            return
        # the same expression, also through the warmup's one assignment or an arm of its `x if c else y`
        wv = scope.value_of(w.id) if isinstance(w, ast.Name) else None
        forms = [w] + ([wv] if wv is not None else []) + ([wv.body, wv.orelse] if isinstance(wv, ast.IfExp) else [])
        if any(ast.dump(f) == ast.dump(t) for f in forms):
            shown = text(w) if ast.dump(w) == ast.dump(t) else f"{text(w)} = {text(wv)}"
            chk.add(o.node, "LR017", ctor=o.cls, warmup=shown, total=text(t),
                    effect="the warmup takes the whole run")
            return


def hand_warmup_past_run(chk: "Checker") -> None:
    """LR017 for a hand-written warmup (``if epoch < warmup: group["lr"] = ...``) inside ``for epoch in range(E)``
    whose length resolves to E or more: the LR never reaches its peak and the schedule after it never runs."""
    for lp in chk.m.loops:
        node = lp.node
        if not (isinstance(node, ast.For) and isinstance(node.target, ast.Name) and lp.stop is not None):
            continue
        total = chk.res.value(lp.stop, lp.scope)
        if not isinstance(total, int) or total <= 0:
            continue
        for n in walk_no_defs(node):
            if not (isinstance(n, ast.If) and isinstance(n.test, ast.Compare) and len(n.test.ops) == 1
                    and isinstance(n.test.ops[0], (ast.Lt, ast.LtE)) and ident(n.test.left) == node.target.id):
                continue
            bound = n.test.comparators[0]
            warm = chk.res.value(bound, lp.scope)
            if not (isinstance(warm, (int, float)) and warm >= total and _warmup_name(bound)):
                continue
            if not any(isinstance(w, ast.Subscript) and isinstance(w.ctx, ast.Store) and isinstance(w.slice, ast.Constant)
                       and w.slice.value == "lr" for st in n.body for w in ast.walk(st)):
                continue
            chk.add(n.test, "LR017", ctor=f"the hand-written warmup `if {text(n.test)}:`", warmup=_shown(bound, warm),
                    total=f"{_shown(lp.stop, total)} ({text(node.target)} runs to {total - 1})",
                    effect="the warmup never ends" if warm > total else "the LR reaches its peak at the last step",
                    fix=f"make the warmup a small part of the run (`{text(bound)}` below {text(lp.stop)}), counted in the "
                        f"unit of `{node.target.id}`")
            break


def _whole_run_name(e: ast.AST) -> bool:
    name = ident(e)
    if name is None:
        return False
    low = name.lower()
    return "warm" not in low and bool(WHOLE_RUN.search(low) or STEP_NAME.search(low)) and "epoch" not in low


def _whole_run_product(chk: "Checker", e: ast.AST, scope) -> bool:
    """``num_epochs * len(train_loader)``: epochs times batches per epoch, the whole run in steps."""
    if not (isinstance(e, ast.BinOp) and isinstance(e.op, ast.Mult)):
        return False
    sides = {chk.res.sizing(e.left, scope), chk.res.sizing(e.right, scope)}
    epochs = any(ident(n) and "epoch" in ident(n).lower() and "per" not in ident(n).lower() for n in ast.walk(e))
    return "steps" in sides and epochs


def _multiple(chk: "Checker", e: ast.AST, scope) -> bool:
    """A factor the source shows to be a count of 1 or more: its value, or a name of a count of epochs or steps
    (``len(loader) * num_epochs``). A warmup setting of unknown value scaled by the run
    (``cfg.num_warmup_steps * max_train_steps``) is used as the warmup's share of the run, whatever its name."""
    v = chk.res.value(e, scope)
    if isinstance(v, (int, float)):
        return v >= 1 and not _fraction(chk, e, scope)
    name = (ident(e) or "").lower()
    return bool(name) and "warm" not in name and not _fraction(chk, e, scope) and bool(
        WHOLE_RUN.search(name) or STEP_NAME.search(name) or "epoch" in name)


_FRACTION_NAME = re.compile(r"ratio|proportion|fraction|frac$|percent|pct|portion", re.I)


def _fraction(chk: "Checker", e: ast.AST, scope) -> bool:
    """A factor that is a part of the run, not a multiple: ``args.warmup_proportion`` whose ``--warmup_proportion``
    default in this file is a float below 1 (0.0, 0.1), or a value named as a ratio (``warmup_ratio``)."""
    v = chk.m.constant(e, scope) if isinstance(e, ast.Attribute) else None
    if isinstance(v, float) and 0 <= v < 1:
        return True
    name = ident(e)
    return bool(name and _FRACTION_NAME.search(name.rsplit(".", 1)[-1]))


def _warmup_name(e: ast.AST) -> bool:
    return any(ident(n) and "warm" in ident(n).lower() for n in ast.walk(e))


# -- LR042 ------------------------------------------------------------------------------------------
_LENGTH_PARAMS = {"T_max", "T_0", "total_iters", "step_size", "step_size_up", "step_size_down", "total_steps",
                  "milestones", "num_training_steps", "num_warmup_steps", "t_total", "warmup_steps", "t_initial",
                  "warmup_t", "max_epochs", "warmup_epochs", "total_epoch", "max_iters", "max_iter"}
_LR_NAME = re.compile(r"^(lr|learning_?rate|(base|max|min|init|initial|peak|start|end|final|target|head|"
                      r"backbone)_?(lr|learning_?rate)|lr_?(max|min|init|base|peak))$")


def lr_as_length(chk: "Checker", o: Obj) -> None:
    """A learning rate passed as a length (``T_max=self.hparams.lr``, named so), or a float below 1 (a ratio such as
    ``num_warmup_steps=0.1`` where a count of steps goes)."""
    sig = o.sig or TORCH_SCHEDULERS.get(o.cls) or HF_SCHEDULERS.get(o.cls) or ()
    params = [p for p in sig if p in _LENGTH_PARAMS] + [k.arg for k in o.node.keywords
                                                        if k.arg in _LENGTH_PARAMS and k.arg not in sig]
    scope = _scope(chk, o)
    for p in params:
        expr = o.arg(p)
        if expr is None:
            continue
        parts = expr.elts if isinstance(expr, (ast.List, ast.Tuple)) else [expr]
        for e in parts:
            src = scope.value_of(e.id) if isinstance(e, ast.Name) else None
            named = any(ident(x) is not None and _LR_NAME.match(ident(x).lower()) for x in (e, src) if x is not None)
            v = chk.res.value(e, scope)
            if named or (isinstance(v, float) and 0 < v < 1):
                what = "a learning rate" if named else ("a fraction (a warmup ratio)" if "warm" in p
                                                         else "a float below 1 (a learning rate or a ratio)")
                chk.add(o.node, "LR042", sched_desc=o.desc, length=f"{p}={text(expr)}", ctor=o.cls, arg=p, what=what)
                return


# -- LR023 ------------------------------------------------------------------------------------------
def milestone_zero(chk: "Checker", o: Obj) -> None:
    if o.lib != "torch" or o.cls != "SequentialLR":
        return
    ms = o.arg("milestones")
    if ms is None:
        return
    vals = chk.res.value(ms, _scope(chk, o))
    names = {ident(n) for n in ast.walk(ms) if ident(n)}
    if any(names & {ident(n) for n in ast.walk(b.test) if ident(n)} for b in construction_path(chk, o.node)
           if b.test is not None):
        return   # built only when the milestone is positive (or checked otherwise)
    if isinstance(vals, list) and vals and vals[0] == 0:
        kids = chk.seq_children(o)
        first = kids[0].desc if kids else "the first scheduler"
        chk.add(o.node, "LR023", milestone=f"{text(ms)} = {vals}", first=first)


# -- LR018 ------------------------------------------------------------------------------------------
def samples(chk: "Checker", o: Obj) -> None:
    scope = _scope(chk, o)
    sizes = batch_sizes(chk, o)
    # a loader of batch size 1 makes samples and batches one count; only the loaders that feed this
    # scheduler's steps count when they can be told (an evaluation loader of batch size 1 does not)
    if 1 in sizes if sizes is not None and "?" not in sizes else batch_of_one(chk):
        return
    pers = {chk.stepping_quiet(ev) for ev in chk.m.sched_steps if ev.obj is o and ev.by == "hand"}
    if "epoch" in pers or (not may_be_stepped(chk, o) and o.lib != "transformers"):
        return   # a scheduler nothing steps is LR022's finding, not a length one (transformers' factories count
        # optimizer steps however they are stepped: a count of examples is wrong before the missing step())
    candidates = []
    if o.cls == "OneCycleLR":
        candidates = [(n, o.arg(n)) for n in ("steps_per_epoch", "total_steps")]
    else:
        L = chk.length_of(o)
        if L is not None:
            candidates = [L]
    # positive evidence of per-batch stepping: a loop over a loader, or a framework that steps per update
    if "batch" not in pers and (pers or o.lib not in ("transformers", "lrkit")):
        return
    if o.lib == "transformers":   # a warmup counted in examples (`warmup = total // 10`, `int(0.1 * len(ds))`)
        candidates += [(w, o.arg(w)) for w in HF_WARMUP_ARGS if o.arg(w) is not None]
    for arg, expr in candidates:
        if expr is None:
            continue
        unit = chk.res.sizing(expr, scope) if arg not in HF_WARMUP_ARGS else chk.res.fraction_sizing(expr, scope)
        if unit == "samples":
            by_trainer = "batch" not in pers and any(chk.m.lookup(s, ctx) is o for _, ctx, _, s in chk.trainer_pairs())
            chk.add(site_of(chk, o), "LR018", sched_desc=o.desc, length=f"{arg}={text(expr)}",
                    message=samples_message(o.desc, f"{arg}={text(expr)}", by_trainer, arg in HF_WARMUP_ARGS,
                                            unstepped=not may_be_stepped(chk, o)))
            return


def samples_message(desc: str, length: str, by_trainer: bool, warmup: bool = False,
                    unstepped: bool = False) -> str | None:
    """LR018's message when the template's does not fit: the HF Trainer steps a schedule once per optimizer
    update, not once per batch; a warmup counted in examples lasts too long rather than the whole run; a
    transformers schedule nothing steps yet (LR022) counts optimizer steps all the same."""
    if not by_trainer and not warmup and not unstepped:
        return None
    if unstepped and not warmup:
        return (f"{desc} is sized with `{length}`, a number of samples, but it counts optimizer steps: stepped "
                "after each update (its step() call is missing, LR022), it would need batch_size times more steps "
                "than the run has")
    stepped = "the HF Trainer steps it once per optimizer update" if by_trainer else (
        "it counts optimizer steps (its step() call is missing, LR022)" if unstepped
        else "it is stepped once per batch")
    times = "batch_size (times the gradient accumulation)" if by_trainer else "batch_size"
    if warmup:
        return (f"{desc} is sized with a warmup of `{length}`, a number of samples, but {stepped}: the warmup "
                f"lasts {times} times longer than meant")
    return (f"{desc} is sized with `{length}`, a number of samples, but {stepped}: it would need {times} times "
            "more steps than the run has")


# -- LR019 ------------------------------------------------------------------------------------------
def accumulation(chk: "Checker", o: Obj) -> None:
    L = chk.length_of(o)
    if o.cls == "OneCycleLR":   # its length: total_steps, or epochs x steps_per_epoch (the per-epoch count)
        L = next(((a, o.arg(a)) for a in ("total_steps", "steps_per_epoch") if o.arg(a) is not None), None)
    if L is None and o.cls == "SequentialLR":   # warmup then decay: the length of the last part
        L = next((x for x in map(chk.length_of, reversed(chk.seq_children(o))) if x is not None), None)
    if id(o) in chk.swapped:   # the run length sits in the warmup's place
        L = next(((w, o.arg(w)) for w in HF_WARMUP_ARGS if o.arg(w) is not None), L)
    if L is None or L[1] is None:
        return
    arg, expr = L
    scope = _scope(chk, o)
    for ev in chk.m.sched_steps:
        if ev.obj is not o or ev.by != "hand":
            continue
        factor = accumulates(chk, ev)
        if factor is not None and iteration_budget(chk, ev, expr, scope):
            chk.add(site_of(chk, o), "LR019", sched_desc=o.desc, length=f"{arg}={text(expr)}", accum=factor)
            return
        if chk.stepping_quiet(ev) != "batch":
            continue
        if factor is None or (factor.isdigit() and _divided(expr, scope)):
            continue   # `(i + 1) % 4` with a length divided by something: its unit is not seen
        how = chk.res.accumulation(expr, scope)
        if how == "div" or _per_update(chk, expr, scope, chk.gate_period(ev)[1]):
            return
        if how == "mul" or (chk.res.sizing(expr, scope) == "steps" and _counts_batches(chk, expr, scope)):
            chk.add(site_of(chk, o), "LR019", sched_desc=o.desc, length=f"{arg}={text(expr)}", accum=factor)
            return


def _divided(expr: ast.AST, scope, depth: int = 0) -> bool:
    """The length (followed through the names it is computed from) divides by something."""
    for n in ast.walk(expr):
        if isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Div, ast.FloorDiv)):
            return True
        if isinstance(n, ast.Name) and depth < 4 and scope.value_of(n.id) is not None \
                and _divided(scope.value_of(n.id), scope.scope_of_value(n.id), depth + 1):
            return True
    return False


def stepped_faster_than_updates(chk: "Checker", o: Obj) -> None:
    """LR013 for the reverse of LR019: sized in optimizer updates (the run divided by the accumulation) but
    stepped every batch, outside the gate under which the optimizer steps: it ends after 1/accum of the run."""
    L = chk.length_of(o)
    cands = [L] if L is not None else []
    cands += [(a, o.arg(a)) for a in ("total_steps", "steps_per_epoch") if o.cls == "OneCycleLR" and o.arg(a) is not None]
    scope = _scope(chk, o)
    sized = next(((a, e) for a, e in cands if e is not None and chk.res.accumulation(e, scope) == "div"), None)
    if sized is None:
        return
    opt = chk.optimizer_of(o)
    for ev in chk.m.sched_steps:
        if ev.obj is not o or ev.by != "hand" or accumulates(chk, ev) is not None \
                or chk.stepping_quiet(ev) != "batch" or o.via:
            continue
        loop = ev.ctx.loops[-1].node
        for oe in chk.m.opt_steps:
            if oe.obj is not opt or oe.ctx.root != ev.ctx.root or not oe.ctx.loops or oe.ctx.loops[-1].node is not loop:
                continue
            factor = accumulates(chk, oe)
            if factor is None:
                continue
            arg, expr = sized
            what = f"{o.desc} ({arg}={text(expr)})"
            chk.add(site_of(chk, o), "LR013", what=what, count=f"{factor} times per update", planned="updates",
                    unit="updates",
                    message=f"{what} is sized in optimizer updates (divided by the accumulation) but stepped every "
                            f"batch, outside the `{factor}` gate the optimizer steps under: it reaches its end after "
                            f"1/{factor} of the run",
                    fix=f"step it with the optimizer, under the same gate (`if (step + 1) % {factor} == 0: "
                        f"optimizer.step(); {text(ev.call.func.value)}.step()`)")
            return


def _per_update(chk: "Checker", expr: ast.AST, scope, every: int | None, depth: int = 0) -> bool:
    """A count of batches divided by a number at least the gate's period ``every`` (``len(loader) * 3 // 4`` under
    ``if (i + 1) % 4 == 0``): sized in updates, not batches (LR013 compares the two counts)."""
    if every is None or depth > 6:
        return False
    found = chk.m.held(expr, scope)   # a name, or `self.total` set in `__init__`
    if found is not None:
        return _per_update(chk, found[0], found[1], every, depth + 1)
    if isinstance(expr, ast.Call) and ident(expr.func) in ("int", "ceil", "floor", "round") and len(expr.args) == 1:
        return _per_update(chk, expr.args[0], scope, every, depth + 1)
    if not isinstance(expr, ast.BinOp):
        return False
    d = chk.res.value(expr.right, scope)
    if isinstance(expr.op, (ast.Div, ast.FloorDiv)) and isinstance(d, (int, float)) and d >= every \
            and chk.res.sizing(expr.left, scope) == "steps":
        return True
    return isinstance(expr.op, ast.Mult) and (_per_update(chk, expr.left, scope, every, depth + 1)
                                              or _per_update(chk, expr.right, scope, every, depth + 1))


def _counts_batches(chk: "Checker", expr: ast.AST, scope, depth: int = 0) -> bool:
    """The length comes from ``len(loader)`` (batches), not from a count of updates."""
    if depth > 8:
        return False
    for n in ast.walk(expr):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "len" and len(n.args) == 1:
            if chk.res.len_unit(n.args[0], scope) == "steps":
                return True
        found = chk.m.held(n, scope)   # through assignments, arguments and `self.x` (the depth bounds a cycle)
        if found is not None and found[0] is not expr and _counts_batches(chk, found[0], found[1], depth + 1):
            return True
    return False
