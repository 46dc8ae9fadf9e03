"""Rules about who steps a scheduler, how often and on which optimizer (LR016, LR020-LR022, LR024).

They read the paths the walk recorded for every ``.step()`` call (the loops and ``if`` arms from the
function the walk started in) and decide when two calls run on one path, or none runs at all.
(Over 400 lines on purpose: every rule here shares the path model at the top, exclusive arms,
neutral guards and the construction path; split, each part would import it back.)
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from . import evalhooks
from .symbols import ACCUM_WORD, Obj, ident, text, walk_no_defs
from .context import Ctx, unwrap
from .lambdas import function_of, optimizers_of
from .walk import Branch, Loop, StepCall, train_phase

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

# schedulers that write the LR from their own formula (not by multiplying what is there), so a second
# scheduler on the same optimizer is overwritten at every step
_ABSOLUTE = {"LambdaLR", "OneCycleLR", "CyclicLR", "CosineAnnealingWarmRestarts", "LRScheduler"}
_GATE = re.compile(r"accum|accumulat|grad_acc|acc_steps|update_freq|sync_gradients|ga_steps|is_update|"
                   r"should_update|do_step|optimizer_step")
_PHASE_NAME = re.compile(r"phase|mode|split|stage")
_PASSIVE = {"state_dict", "load_state_dict", "get_last_lr", "get_lr", "last_epoch", "base_lrs", "optimizer",
            "_last_lr", "print_lr", "_step_count", "T_max", "_get_closed_form_lr"}


def update_gate(test: ast.AST | None, body_holder: ast.AST | None = None) -> bool:
    """An ``if`` that runs once per optimizer update: gradient accumulation, ``sync_gradients``, or whose
    arm steps the optimizer."""
    if test is None:
        return False
    for n in ast.walk(test):
        name = ident(n)
        if name and _GATE.search(name.lower()):
            return True
    return body_holder is not None and _steps_optimizer(body_holder)


def _steps_optimizer(holder: ast.AST) -> bool:
    """``optimizer.step()`` (or ``scaler.step(optimizer)``) runs somewhere under ``holder``."""
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "step" and (
        re.search(r"opt", text(n.func.value).lower()) or (
            re.search(r"scaler", text(n.func.value).lower()) and n.args and re.search(r"opt", text(n.args[0]).lower())))
        for n in walk_no_defs(holder))


def neutral(br: Branch, obj: Obj) -> bool:
    """An arm that does not change how often the scheduler runs: a None check on the scheduler itself,
    a train-phase check, an update gate."""
    t = br.test
    if t is None:
        return False
    if update_gate(t, br.node if isinstance(br.node, ast.If) else None):
        return True
    if br.key is not True:
        return False
    # `if scheduler:` / `if self.lr_scheduler is not None:`
    target = t
    if isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.ops[0], ast.IsNot) \
            and isinstance(t.comparators[0], ast.Constant) and t.comparators[0].value is None:
        target = t.left
    if isinstance(target, (ast.Name, ast.Attribute)) and re.search(r"sched|lr_s", text(target).lower()):
        return True
    # `if phase == "train":`, `if model.training:`, `if is_training:`
    if isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.ops[0], ast.Eq):
        return train_phase(t)
    if isinstance(t, (ast.Name, ast.Attribute)):
        return ident(t) in ("training", "is_training", "train_mode", "is_train")
    return False


def exclusive(a: tuple, b: tuple) -> bool:
    """Two paths that cannot both run in one pass: different arms of one ``if`` (or of two ``if``s whose
    tests are the same text, or ``x == 'a'`` against ``x == 'b'``, or ``c`` against ``not c``)."""
    for x in a:
        if not isinstance(x, Branch):
            continue
        for y in b:
            if not isinstance(y, Branch):
                continue
            if x.node is y.node and x.key != y.key:
                return True
            if x.node is y.node:
                continue
            if x.test is not None and y.test is not None:
                if ast.dump(x.test) == ast.dump(y.test) and x.key != y.key:
                    return True
                if _negation(x.test, y.test) and x.key == y.key:
                    return True
                if _different_choice(x, y) or _contradict(_facts(x.test, x.key), _facts(y.test, y.key)):
                    return True
    return False


def _facts(t: ast.AST, key: object) -> dict[str, bool]:
    """What an arm asserts of the tests it is made of: the ``if`` arm of ``a and b`` holds both, the ``else``
    arm of ``a or b`` holds neither (``if m == "a" or m == "b": ... else: sched.step()``), ``not`` flips."""
    if key not in (True, False):
        return {}
    if isinstance(t, ast.UnaryOp) and isinstance(t.op, ast.Not):
        return _facts(t.operand, not key)
    if isinstance(t, ast.BoolOp) and isinstance(t.op, ast.And if key else ast.Or):
        out: dict[str, bool] = {}
        for v in t.values:
            out.update(_facts(v, key))
        return out
    return {ast.dump(t): bool(key)}


def _contradict(a: dict[str, bool], b: dict[str, bool]) -> bool:
    return any(k in b and b[k] != v for k, v in a.items())


def _negation(a: ast.AST, b: ast.AST) -> bool:
    for p, q in ((a, b), (b, a)):
        if isinstance(p, ast.UnaryOp) and isinstance(p.op, ast.Not) and ast.dump(p.operand) == ast.dump(q):
            return True
    return False


def _choice(t: ast.AST, key: object) -> tuple[str, frozenset, bool] | None:
    """What an arm says of one variable: ``x == "a"`` -> (x, {"a"}, True), ``x in ("a", "b")`` -> (x, {a, b},
    True), ``x != "a"`` / ``x not in (...)`` -> positive False; the ``else`` arm (``key`` False) flips it."""
    if isinstance(t, ast.BoolOp) and isinstance(t.op, ast.And) and key is True:
        # `x == "a" and sched is not None`: every part holds, the choice among them
        return next((c for c in (_choice(v, True) for v in t.values) if c is not None), None)
    if not (isinstance(t, ast.Compare) and len(t.ops) == 1) or key not in (True, False):
        return None
    op, left, right = t.ops[0], t.left, t.comparators[0]
    if isinstance(op, (ast.Eq, ast.NotEq)):
        if isinstance(left, ast.Constant) and not isinstance(right, ast.Constant):
            left, right = right, left
        if not isinstance(right, ast.Constant):
            return None
        values = frozenset([right.value])
    elif isinstance(op, (ast.In, ast.NotIn)) and isinstance(right, (ast.List, ast.Tuple, ast.Set)) \
            and right.elts and all(isinstance(e, ast.Constant) for e in right.elts):
        values = frozenset(e.value for e in right.elts)
    else:
        return None
    positive = isinstance(op, (ast.Eq, ast.In))
    return ast.dump(left), values, positive if key is True else not positive


def _different_choice(x: Branch, y: Branch) -> bool:
    """Two arms that test one variable for values no single value satisfies both."""
    ca, cb = _choice(x.test, x.key), _choice(y.test, y.key)
    if ca is None or cb is None or ca[0] != cb[0]:
        return False
    (_, va, pa), (_, vb, pb) = ca, cb
    if pa and pb:
        return not va & vb
    if pa != pb:
        return (va if pa else vb) <= (vb if pa else va)
    return False


def construction_path(chk: "Checker", node: ast.AST) -> tuple[Branch, ...]:
    """The ``if`` arms around a constructor call, inside its function."""
    out = []
    child = node
    parent = chk.parents.get(id(child))
    while parent is not None and not isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
        if isinstance(parent, ast.If):
            if any(child is s for s in parent.body):
                out.append(Branch(parent, True, parent.test))
            elif any(child is s for s in parent.orelse):
                out.append(Branch(parent, False, parent.test))
        child, parent = parent, chk.parents.get(id(parent))
    return tuple(reversed(out))


def compatible(chk: "Checker", ev: StepCall) -> bool:
    """False when the arms around this call rule out this scheduler (``isinstance`` tests, a plateau
    check, or the arm that built another candidate)."""
    o = ev.obj
    plateau = chk.plateau_kind(o) is not None
    for br in ev.path:
        if not isinstance(br, Branch) or br.test is None:
            continue
        t = br.test
        neg = isinstance(t, ast.UnaryOp) and isinstance(t.op, ast.Not)
        inner = t.operand if neg else t
        key = (not br.key) if neg else br.key
        if isinstance(inner, ast.Call) and ident(inner.func) == "isinstance" and len(inner.args) == 2:
            names = {ident(n) for n in ast.walk(inner.args[1]) if ident(n)}
            match = o.cls in names or (plateau and "ReduceLROnPlateau" in names)
            if key is not match and key in (True, False):
                return False
            continue
        src = text(inner).lower()
        if "plateau" in src and key in (True, False):
            negated = isinstance(inner, ast.Compare) and any(isinstance(op, (ast.NotEq, ast.NotIn))
                                                             for op in inner.ops)
            says_plateau = key != negated
            if says_plateau != plateau:
                return False
    cpath = construction_path(chk, o.node)
    if cpath and exclusive(cpath, tuple(b for b in ev.path if isinstance(b, Branch))):
        return False
    return True


# -- LR016 ------------------------------------------------------------------------------------------
def double_stepping(chk: "Checker") -> set[int]:
    """Report schedulers stepped twice on one path; returns the ids of the objects reported."""
    reported: set[int] = set()
    groups: dict[tuple[int, int], list[StepCall]] = {}
    for ev in chk.m.sched_steps:
        if chk.compatible(ev):
            groups.setdefault((ev.ctx.root, id(ev.obj)), []).append(ev)
    for evs in groups.values():
        evs = _dedupe(evs)
        hit = None
        for i, a in enumerate(evs):
            for b in evs[i + 1:]:
                if a.call is b.call and a.by == b.by:
                    continue
                if _twice(chk, a, b):
                    hit = (a, b)
                    break
            if hit:
                break
        if hit is None:
            continue
        a, b = sorted(hit, key=lambda e: e.order)
        first, second = (a, b) if b.by == "hand" else (b, a)
        o = second.obj
        unit = "update" if _innermost(second.path).kind == "batch" and _innermost(first.path).kind == "batch" \
            else "epoch"
        sites = f"line {first.call.lineno}" + (f" (by {first.by})" if first.by != "hand" else "") + \
            f" and line {second.call.lineno}" + (f" (by {second.by})" if second.by != "hand" else "")
        chk.add(second.call, "LR016", sched_desc=o.desc, unit=unit, sites=sites)
        reported.add(id(o))
    for ev in chk.m.sched_steps:   # `for phase in ["train", "val"]: ... scheduler.step()` under no phase test
        n = _phases(ev)
        if n and id(ev.obj) not in reported and ev.by == "hand" and chk.compatible(ev):
            chk.add(ev.call, "LR016", sched_desc=ev.obj.desc, unit="epoch",
                    sites=f"line {ev.call.lineno} runs once per phase of `for {text(n.target)} in {text(n.iter)}`")
            reported.add(id(ev.obj))
    evalhooks.stepped_while_evaluating(chk, reported)
    for o, site, by in chk.framework_hand_steps():
        if id(o) not in reported:
            chk.add(site.call, "LR016", sched_desc=o.desc, unit="update" if by != "Lightning" else "interval",
                    sites=f"by {by} and by hand at line {site.call.lineno}")
            reported.add(id(o))
            step_fn = next((f for f in site.ctx.stack if getattr(f, "name", "") == "training_step"), None)
            if by == "Lightning" and step_fn is not None and not _hand_update_before(step_fn, site.call):
                # automatic optimization runs training_step inside the optimizer's step (its closure), before the
                # update, which then reads the LR this call set: the first value of the schedule is skipped
                sch = text(site.call.func.value)
                chk.add(site.call, "LR010", scheduler=sch, optimizer="optimizer",
                        message=f"`{sch}.step()` in training_step runs before the optimizer's update: under "
                                "automatic optimization Lightning runs training_step inside `optimizer.step()`, "
                                "before the update reads the LR",
                        fix="let Lightning step the scheduler (remove this call); to step it by hand, do it in "
                            "`on_train_batch_end` or with manual optimization after `opt.step()`")
    return reported


def _hand_update_before(fn: ast.AST, call: ast.Call) -> bool:
    """``fn`` steps an optimizer itself (``opt.step()``, ``scaler.step(opt)``) before ``call``: that update has
    already read the LR when the scheduler steps, whatever Lightning does afterwards."""
    for n in walk_no_defs(fn):
        if isinstance(n, ast.Call) and n is not call and isinstance(n.func, ast.Attribute) and n.func.attr == "step" \
                and (n.lineno, n.col_offset) < (call.lineno, call.col_offset):
            recv = text(n.func.value).lower()
            if "sched" not in recv and (re.search(r"opt", recv) or any(re.search(r"opt", text(a).lower())
                                                                         for a in n.args)):
                return True
    return False


def _phases(ev: StepCall) -> ast.For | None:
    """The phase loop (``for phase in ["train", "val"]``, ``for phase in range(2)``) inside an epoch loop that runs
    this call once per phase: no ``if`` between the phase loop and the call."""
    for i, x in enumerate(ev.path):
        if not (isinstance(x, Loop) and x.kind == "other" and isinstance(x.node, ast.For)
                and isinstance(x.node.target, ast.Name) and _PHASE_NAME.search(x.node.target.id.lower())):
            continue
        it = x.node.iter
        many = (isinstance(it, (ast.List, ast.Tuple)) and len(it.elts) >= 2
                and all(isinstance(e, ast.Constant) for e in it.elts)) or (
            isinstance(it, ast.Call) and ident(it.func) == "range" and len(it.args) == 1
            and isinstance(it.args[0], ast.Constant) and it.args[0].value in (2, 3))
        if many and any(isinstance(y, Loop) and y.kind == "epoch" for y in ev.path[:i]) \
                and not any(isinstance(y, Branch) for y in ev.path[i + 1:]) \
                and not any(isinstance(y, Loop) and y.kind in ("batch", None) for y in ev.path[i + 1:]):
            return x.node
    return None


def _dedupe(evs: list[StepCall]) -> list[StepCall]:
    seen, out = set(), []
    for e in sorted(evs, key=lambda e: e.order):
        k = (id(e.call), tuple(id(x.node) for x in e.path), e.by)
        if k not in seen:
            seen.add(k)
            out.append(e)
    return out


def _innermost(path: tuple) -> Loop:
    loops = [x for x in path if isinstance(x, Loop) and x.kind != "other"]
    return loops[-1] if loops else Loop(None, ast.Pass(), None, None)  # type: ignore[arg-type]


def explicit_position(ev: StepCall) -> bool:
    """``step(epoch)`` with an explicit position sets the schedule instead of advancing it (timm, old torch)."""
    c = ev.call
    return bool(c.args or c.keywords) and ev.obj.cls != "ReduceLROnPlateau" and "plateau" not in ev.obj.cls.lower()


def _flush(ra: tuple, rb: tuple) -> bool:
    """``if (i + 1) % k == 0: ... sched.step()`` in the batch loop and ``if (i + 1) % k != 0: ... sched.step()``
    after it: the second steps the last, partial accumulation window once, not the epoch a second time."""
    for x in ra:
        for y in rb:
            if isinstance(x, Branch) and isinstance(y, Branch):
                cx, cy = _choice(x.test, x.key), _choice(y.test, y.key)
                if cx is not None and cy is not None and cx[0] == cy[0] and cx[1] == cy[1] and cx[2] != cy[2] \
                        and any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mod) for n in ast.walk(x.test)):
                    return True
    return False


def _implied(chk: "Checker", x: Branch, o: Obj) -> bool:
    """The arm ``x`` always holds where ``o`` was built: the step's ``if flag in ("onecycle", "cosine")`` around
    a scheduler built under ``if flag == "onecycle"``."""
    if not isinstance(o.node, ast.Call):
        return False
    cx = _choice(x.test, x.key)
    for y in construction_path(chk, o.node):
        if y.test is not None and x.test is not None and ast.dump(y.test) == ast.dump(x.test) and y.key == x.key:
            return True
        cy = _choice(y.test, y.key)
        if cx is None or cy is None or cx[0] != cy[0] or not cy[2]:
            continue
        if (cx[2] and cy[1] <= cx[1]) or (not cx[2] and not cy[1] & cx[1]):
            return True
    return False


def _twice(chk: "Checker", a: StepCall, b: StepCall) -> bool:
    if explicit_position(a) and explicit_position(b):
        return False
    pa, pb = a.path, b.path
    n = 0
    while n < min(len(pa), len(pb)) and _same_frame(pa[n], pb[n]):
        n += 1
    common, ra, rb = pa[:n], pa[n:], pb[n:]
    if not any(isinstance(x, Loop) and x.kind in ("epoch", "batch") for x in common):
        return False
    if exclusive(ra, rb) or _flush(ra, rb):
        return False
    for rest, ev in ((ra, a), (rb, b)):
        for x in rest:
            if isinstance(x, Branch) and not (neutral(x, ev.obj) or _implied(chk, x, ev.obj)):
                return False
            if isinstance(x, Loop) and x.kind not in ("batch", "other"):
                return False
    loops_a = [x for x in ra if isinstance(x, Loop) and x.kind == "batch"]
    loops_b = [x for x in rb if isinstance(x, Loop) and x.kind == "batch"]
    return not (loops_a and loops_b)


def _same_frame(x, y) -> bool:
    if isinstance(x, Loop) and isinstance(y, Loop):
        return x.node is y.node
    if isinstance(x, Branch) and isinstance(y, Branch):
        return x.node is y.node and x.key == y.key
    return False


# -- LR022 ------------------------------------------------------------------------------------------
def never_stepped(chk: "Checker", owned: set[int]) -> None:
    stepped = {id(ev.obj) for ev in chk.m.sched_steps}
    for o in chk.m.all_objs():
        if o.kind != "scheduler" or id(o) in stepped or id(o.node) in owned or o.lib == "deepspeed" \
                or not isinstance(o.node, ast.Call) or o.name == "?" or o.via - {"accelerate"}:
            continue
        if chk.lightning_stepped(o):
            continue
        manual = [name for name, auto in chk.lightning_classes().items() if not auto
                  and any(x is o for x in chk.m.lightning_schedulers(name))]
        if manual:
            if (manual[0], "training_step") not in chk.m.methods:
                continue
        elif _referenced(chk, o) or not _trains(chk, chk.optimizer_of(o)) or _spare(chk, o, stepped):
            continue
        chk.add(o.node, "LR022", sched_desc=o.desc, scheduler=o.name)


# factor 1 at step 0: building one leaves the optimizer's LR as it is
_NEUTRAL_AT_BUILD = {"StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR", "CosineAnnealingWarmRestarts",
                     "ReduceLROnPlateau", "PolynomialLR", "MultiplicativeLR"}


def _spare(chk: "Checker", o: Obj, stepped: set[int]) -> bool:
    """A spare kept beside the scheduler in use (``sched_step = StepLR(opt)``, ``sched_cos = CosineAnnealingLR(opt)``,
    ``scheduler = sched_step  # or sched_cos``): another scheduler of the same optimizer is stepped and building
    this one does not move the LR, so the run follows the stepped one and nothing stays at the initial LR (a false
    finding of the precision audit). A spare whose construction moves the LR (a warm-up's ``start_factor``) is
    still reported."""
    opt = chk.optimizer_of(o)
    return o.lib == "torch" and o.cls in _NEUTRAL_AT_BUILD and opt is not None and any(
        x is not o and id(x) in stepped and chk.optimizer_of(x) is opt for x in chk.m.all_objs())


def rebuilt_each_pass(chk: "Checker") -> None:
    """LR022 for a scheduler built anew on every pass of the epoch or batch loop that steps it (not under an
    ``if`` that builds it once): each new one starts at step 0, so the LR never gets past the first step."""
    kinds = {id(lp.node): lp.kind for lp in chk.m.loops}
    for o in chk.m.all_objs():
        if o.kind != "scheduler" or o.lib not in ("torch", "transformers") or not isinstance(o.node, ast.Call):
            continue
        loop, n = None, o.node
        while n is not None and not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.Module)):
            n = chk.parents.get(id(n))
            if isinstance(n, (ast.If, ast.IfExp, ast.Try, ast.comprehension, ast.ListComp, ast.DictComp)):
                break
            if isinstance(n, (ast.For, ast.While)):
                loop = n
                break
        if loop is None or kinds.get(id(loop)) not in ("epoch", "batch"):
            continue
        evs = [ev for ev in chk.m.sched_steps if ev.obj is o and ev.by == "hand"
               and any(isinstance(x, Loop) and x.node is loop for x in ev.path)]
        if any(isinstance(x, Loop) and x.kind is None for ev in evs
               for x in ev.path[[getattr(y, "node", None) for y in ev.path].index(loop) + 1:]):
            continue   # stepped in a loop of its own inside each pass (`while acc < target and cnt < 150:`): a run per pass
        fn = function_of(chk, o) if o.cls == "MultiplicativeLR" else None
        if evs and o.cls != "ExponentialLR" and not (isinstance(fn, ast.Lambda) and isinstance(fn.body, ast.Constant)) \
                and not _restarts_each_pass(chk, o, evs, loop) and not _stage_loop(evs, loop):
            # a rebuilt ExponentialLR (or MultiplicativeLR of a constant) scales the group's LR alike: no harm
            unit = "epoch" if kinds[id(loop)] == "epoch" else "batch"
            inner = any(isinstance(x, Loop) and x.kind == "batch" for ev in evs
                        for x in ev.path[[getattr(y, "node", None) for y in ev.path].index(loop) + 1:])
            effect = ("each new one starts at step 0, so only the part of its schedule one epoch reaches is ever used"
                      if inner else "each new one starts at step 0, so the LR never gets past the schedule's first "
                                    "step")
            if o.cls == "CosineAnnealingLR":
                # torch keeps the first `initial_lr` (setdefault) and the chainable cosine scales the group's LR
                effect = ("each new one does not restart the cosine: it continues from the optimizer's current LR, "
                          "so a pass that does not end back at the initial LR leaves the next one starting lower on "
                          "the curve (with T_max one pass long, as `T_max=len(loader)`, the LR stays at eta_min from "
                          "the second pass on)" if inner else
                          "each new one continues from the optimizer's current LR and takes only its first step, so "
                          "every step repeats the cosine's first-step decay (a geometric fall toward eta_min) "
                          "instead of following the curve")
            chk.add(o.node, "LR022", sched_desc=o.desc, scheduler=o.name,
                    message=f"{o.desc} is built anew on every {unit} of the loop that steps it: {effect}",
                    fix=f"build `{o.name}` once, before the loop, and keep stepping that one")


def _stage_loop(evs: list, loop: ast.AST) -> bool:
    """Every step runs in a loop nested in the rebuilding one that is not a batch loop (an epoch loop, or a
    ``while test(...) < target`` that trains a round per pass): the outer loop runs stages or pruning rounds,
    each a training of its own with a new scheduler (set 24), or the share of the schedule each reaches is
    unknown."""
    for ev in evs:
        nodes = [getattr(y, "node", None) for y in ev.path]
        inner = [x for x in ev.path[nodes.index(loop) + 1:] if isinstance(x, Loop) and x.kind != "other"]
        if not inner or any(x.kind == "batch" for x in inner):
            return False
    return True


def _restarts_each_pass(chk: "Checker", o: Obj, evs: list, loop: ast.AST) -> bool:
    """A warm-restart cosine of period one pass of the batch loop that steps it (``T_0=len(loader)``, ``T_mult``
    1), rebuilt every epoch: each pass ends at a restart, so the new one gives the LRs the old one would have."""
    if o.cls != "CosineAnnealingWarmRestarts":
        return False
    t0, mult = o.arg("T_0"), o.arg("T_mult")
    if mult is not None and chk.res.value(mult, o.scope or chk.m.module_scope) != 1:
        return False
    if not (isinstance(t0, ast.Call) and ident(t0.func) == "len" and len(t0.args) == 1):
        return False
    for ev in evs:
        inner = [x for x in ev.path if isinstance(x, Loop) and x.kind == "batch" and x.node is not loop]
        if len(inner) != 1 or not isinstance(inner[0].node, ast.For) \
                or text(unwrap(inner[0].node.iter)) != text(t0.args[0]):
            return False
    return True


def _trains(chk: "Checker", opt: Obj | None) -> bool:
    """The script has a training loop: the optimizer (or, when unknown, any optimizer) is stepped in a loop."""
    return any(ev.ctx.loops and (opt is None or ev.obj is opt) for ev in chk.m.opt_steps) or any(
        opt is not None and opt in objs for objs in chk.m.trains_calls) or (
        opt is not None and any(ev.obj is opt for ev in chk.m.opt_steps) and bool(chk.lightning_classes())) or (
        opt is not None and any(chk.m.lookup(o, ctx) is opt for _, ctx, o, _ in chk.trainer_pairs()))


def may_be_stepped(chk: "Checker", o: Obj) -> bool:
    """Some code may step ``o``: a step call, a framework that steps it, or a use that may hand it on."""
    return any(ev.obj is o for ev in chk.m.sched_steps) or chk.lightning_stepped(o) or bool(
        o.via - {"accelerate"}) or any(chk.m.lookup(s, ctx) is o for _, ctx, _, s in chk.trainer_pairs()) \
        or _referenced(chk, o)


def _referenced(chk: "Checker", o: Obj) -> bool:
    """Whether the variable holding ``o`` is used in any way that may step it (anything but a passive use)."""
    name = o.name
    attr = name[5:] if name.startswith("self.") else None
    if attr is None and not name.isidentifier():
        return True
    where = None
    if attr is not None:
        cls = chk.cls_of(o)
        where = chk.m.classes.get(cls) if cls else None
    elif o.scope is not None and not isinstance(o.scope.node, ast.Module):
        where = o.scope.node
    # `s = ChainedScheduler([warm, s])`: the arguments of the call that builds ``o`` read the earlier `s`
    own = {id(x) for a in [*o.node.args, *o.node.keywords] for x in ast.walk(a)} if isinstance(o.node, ast.Call) \
        else set()
    for n in (ast.walk(where) if where is not None else chk.m.nodes):
        hit = (isinstance(n, ast.Name) and attr is None and n.id == name and isinstance(n.ctx, ast.Load)) or (
            isinstance(n, ast.Attribute) and attr is not None and n.attr == attr and isinstance(n.ctx, ast.Load))
        if not hit or id(n) in own:
            continue
        parent = chk.parents.get(id(n))
        if isinstance(parent, ast.FormattedValue):
            continue   # shown in a message
        if isinstance(parent, ast.Attribute) and parent.attr in _PASSIVE:
            continue
        if isinstance(parent, ast.Call) and ident(parent.func) in ("print", "str", "repr", "type", "len"):
            continue
        if isinstance(parent, ast.Compare):
            continue
        if isinstance(parent, ast.Call) and ident(parent.func) == "prepare":
            continue   # accelerate wraps it but never steps it by itself
        if isinstance(parent, ast.Call) and not _may_step(chk, parent, n):
            continue   # a function of this file that never steps what it is given
        return True
    return False


def _may_step(chk: "Checker", call: ast.Call, arg: ast.AST) -> bool:
    """Whether the function of this file that ``call`` runs may step the scheduler given as ``arg``: it uses the
    parameter somewhere live (not only under an ``if`` the file's constants rule out)."""
    fn = chk.m.callee_of(call, Ctx(chk.m.module_scope))
    if fn is None or id(fn) not in chk.m.scopes:
        return True
    params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
    if params and params[0] in ("self", "cls"):
        params = params[1:]
    pos = next((i for i, a in enumerate(call.args) if a is arg), None)
    kw = next((k.arg for k in call.keywords if k.value is arg), None)
    param = params[pos] if pos is not None and pos < len(params) else kw
    if param is None:
        return True
    ctx = Ctx(chk.m.scopes[id(fn)])
    dead: set[int] = set()
    for n in ast.walk(fn):
        if isinstance(n, ast.If):
            known = chk.m.static_test(n.test, ctx)
            if known is not None:
                dead |= {id(x) for st in (n.orelse if known else n.body) for x in ast.walk(st)}
    # any live use of the parameter (a step, handing it on, storing it) may step it
    return any(isinstance(n, ast.Name) and n.id == param and isinstance(n.ctx, ast.Load) and id(n) not in dead
               for n in ast.walk(fn))


# -- LR020 / LR021 ----------------------------------------------------------------------------------
def other_optimizer(chk: "Checker") -> None:
    done: set[int] = set()
    for ev in chk.m.sched_steps:
        o = ev.obj
        if id(o) in done or ev.by != "hand":
            continue
        bound = chk.optimizer_of(o)
        if bound is None or bound.lib == "deepspeed":
            continue
        loop_ids = {id(x.node) for x in ev.path if isinstance(x, Loop)}
        walked = {id(x) for x in ev.path if isinstance(x, Loop)}   # this walk of the loops (one call of a helper)
        if bound.lib == "unknown":   # an optimizer class the doctor does not know: only a config-built engine
            engine = None if any(e.obj is bound for e in chk.m.opt_steps) else _config_engine(ev, loop_ids, chk)
            if engine is not None:
                done.add(id(o))
                _engine_finding(chk, ev, bound, engine)
            continue

        straight = [e for e in chk.m.opt_steps if e.ctx.root == ev.ctx.root and not loop_ids
                    and not any(isinstance(x, Loop) for x in e.path) and e.call.lineno < ev.call.lineno]
        last = max(straight, key=lambda e: e.call.lineno, default=None)

        def together(e: StepCall) -> bool:   # in a loop with the scheduler's call, or just before it in line
            lids = {id(x.node) for x in e.path if isinstance(x, Loop)}
            if len(e.ctx.stack) > len(ev.ctx.stack) and not walked & {id(x) for x in e.path if isinstance(x, Loop)}:
                return False   # a helper the loop calls, reached through another call of the function around it
            return e.ctx.root == ev.ctx.root and (bool(loop_ids & lids) or e is last)
        others = [e.obj for e in chk.m.opt_steps if together(e) and e.obj is not bound and e.obj.lib != "unknown"]
        if not others:
            engine = None if any(e.obj is bound for e in chk.m.opt_steps) else _config_engine(ev, loop_ids, chk)
            if engine is not None:
                done.add(id(o))
                _engine_finding(chk, ev, bound, engine)
            continue
        if any(e.obj is bound for e in chk.m.opt_steps if together(e) and (
                _same_binding(e, ev) or walked & {id(x) for x in e.path if isinstance(x, Loop)})):
            continue
        if not any(e.obj is bound for e in chk.m.opt_steps):   # its optimizer is never stepped anywhere
            others = _unscheduled(chk, others)
            if not others:
                continue
        done.add(id(o))
        b, st, kw = bound.name, others[0].name, {}
        if b == st:   # `self.optimizer` rebuilt after the scheduler was built on the first one
            at, anew = (getattr(x.node, "lineno", "?") for x in (bound, others[0]))
            kw = {"message": f"{o.desc} changes the LR of the `{b}` built at line {at}, but the loop steps the "
                             f"`{st}` built anew at line {anew}",
                  "fix": f"keep one optimizer, or build the scheduler again on the new one: "
                         f"`{o.name} = {o.cls}({st}, ...)`"}
        chk.add(ev.call, "LR020", sched_desc=o.desc, bound=b, stepped=st, ctor=o.cls, **kw)


def _unscheduled(chk: "Checker", others: list[Obj]) -> list[Obj]:
    """The stepped optimizers without a stepped scheduler of their own. For a scheduler whose optimizer is never
    stepped (a GAN's discriminator switched off), none means a harmless left-over on an unused optimizer, not a
    scheduler bound to the wrong one (held-out set 29); one means the optimizer it was meant for."""
    owned = {id(x) for e in chk.m.sched_steps if e.by == "hand" for x in [chk.optimizer_of(e.obj)] if x is not None}
    return [x for x in others if id(x) not in owned]


def _engine_finding(chk: "Checker", ev: StepCall, bound: Obj, engine: str) -> None:
    o = ev.obj
    chk.add(ev.call, "LR020", sched_desc=o.desc, bound=bound.name, stepped=engine, ctor=o.cls,
            fix=f"give DeepSpeed the optimizer and the scheduler: `deepspeed.initialize(..., optimizer={bound.name}, "
                f"lr_scheduler={o.name})`, or configure the scheduler in the DeepSpeed config")


def _config_engine(ev: StepCall, loop_ids: set[int], chk: "Checker") -> str | None:
    """``engine.step()`` in the scheduler's loop on a DeepSpeed engine given no optimizer (it builds its own from
    the config, so the scheduler's optimizer never steps): the engine's step call as written. Not for a
    scheduler handed to ``deepspeed.initialize`` itself (the engine's own scheduler)."""
    if "deepspeed" in ev.obj.via:
        return None
    for eng, call, ectx in chk.m.engine_steps:
        if "config-optimizer" in eng.via and ectx.root == ev.ctx.root and loop_ids & {id(x.node) for x in ectx.loops}:
            return f"{text(call.func.value)}.step()"
    return None


def _same_binding(a: StepCall, b: StepCall) -> bool:
    """Two calls reached through the same call of a shared function (not two different calls of it)."""
    return a.ctx.stack == b.ctx.stack and a.ctx.bindings == b.ctx.bindings or not (a.ctx.bindings or
                                                                                    b.ctx.bindings)


def competing(chk: "Checker", owned: set[int], doubled: set[int]) -> None:
    by_opt: dict[int, list[StepCall]] = {}
    for ev in chk.m.sched_steps:
        if id(ev.obj.node) in owned or not chk.compatible(ev):
            continue
        opt = chk.optimizer_of(ev.obj)
        if opt is not None:
            by_opt.setdefault(id(opt), []).append(ev)
    for evs in by_opt.values():
        objs = {id(e.obj): e.obj for e in evs}
        if len(objs) < 2:
            continue
        for a in evs:
            for b in evs:
                if a.obj is b.obj or a.order >= b.order or a.ctx.root != b.ctx.root:
                    continue
                if not (_absolute(a.obj) or _absolute(b.obj)):
                    continue
                if exclusive(construction_path(chk, a.obj.node), construction_path(chk, b.obj.node)):
                    continue
                if a.obj.name == b.obj.name:
                    continue
                cut = None if _overlap(a, b) else _cut_overwritten(a, b)
                if cut is None and not _overlap(a, b):
                    continue
                opt = chk.optimizer_of(a.obj)
                name = opt.name if opt else "?"
                more = {} if cut is None else {"message": (
                    f"{cut[0].desc} lowers the LR of `{name}` now and then, but {cut[1].desc} is stepped on every "
                    "pass and sets the LR outright: each plateau cut is replaced at its next step"),
                    "fix": (f"step `{cut[1].name}` only while its warm-up runs (`if step < warmup_steps: "
                            f"{cut[1].name}.step()`) and let the plateau act after it, or keep one of the two")}
                chk.add(b.call, "LR021", first=a.obj.desc, second=b.obj.desc, optimizer=name, **more)
                return


def hand_written_lr(chk: "Checker", owned: set[int]) -> None:
    """LR021 for an LR written by hand on every pass of a loop (``g["lr"] = base * min(1, step / warmup)``, not
    under a warmup test) in which a scheduler of the same optimizer is also stepped: the write replaces the
    scheduler's value before each update, so the schedule never acts."""
    for w in chk.m.lr_writes:
        for ev in chk.m.sched_steps:
            if ev.by != "hand" or id(ev.obj.node) in owned or ev.ctx.root != w.ctx.root or not chk.compatible(ev):
                continue
            if not _same_optimizer(chk, ev.obj, w.obj) or not _overlap(w, ev):
                continue
            first = f"a hand-written LR (`{text(w.call.targets[0])} = ...`)"
            chk.add(w.call, "LR021", first=first, second=ev.obj.desc, optimizer=w.obj.name,
                    message=f"{first}, written on every pass of the loop, and {ev.obj.desc} both set the LR of "
                            f"`{w.obj.name}`: the write replaces the scheduler's value, so its schedule never acts")
            break


def _same_optimizer(chk: "Checker", sched: Obj, opt: Obj) -> bool:
    """``opt`` is the scheduler's optimizer, or one of the objects its optimizer's name holds when the arms of an
    ``if`` build different ones (``if args.optimizer == "SGD": opt = SGD(...) else: opt = Adam(...)``)."""
    return chk.optimizer_of(sched) is opt or any(o is opt for o in optimizers_of(chk, sched))


def _absolute(o: Obj) -> bool:
    return o.cls in _ABSOLUTE or o.lib in ("transformers", "timm", "lrkit")


def _overlap(a: StepCall, b: StepCall) -> bool:
    """Both calls run on one pass of their common loop (no arm separates them, none is conditional)."""
    pa, pb = a.path, b.path
    n = 0
    while n < min(len(pa), len(pb)) and _same_frame(pa[n], pb[n]):
        n += 1
    ra, rb = pa[n:], pb[n:]
    if not any(isinstance(x, Loop) and x.kind in ("epoch", "batch") for x in pa[:n]):
        return False
    if exclusive(ra, rb):
        return False
    return all(not isinstance(x, Branch) or neutral(x, e.obj) for rest, e in ((ra, a), (rb, b)) for x in rest)


def _cut_overwritten(a: StepCall, b: StepCall) -> tuple[Obj, Obj] | None:
    """A ReduceLROnPlateau stepped now and then (at each validation, under an ``if``) in a loop where a scheduler
    that sets the LR outright (a LambdaLR, transformers' warm-up factories) is stepped on every pass: each cut the
    plateau makes is replaced at the next step of the other (set 21)."""
    for cut, sets in ((a, b), (b, a)):
        if "plateau" not in cut.obj.cls.lower() or not _absolute(sets.obj):
            continue
        pc, ps = cut.path, sets.path
        n = 0
        while n < min(len(pc), len(ps)) and _same_frame(pc[n], ps[n]):
            n += 1
        if not any(isinstance(x, Loop) and x.kind in ("epoch", "batch") for x in pc[:n]) or exclusive(pc[n:], ps[n:]):
            continue
        if all(not isinstance(x, Branch) or neutral(x, sets.obj) for x in ps):
            return cut.obj, sets.obj
    return None


# -- LR024 ------------------------------------------------------------------------------------------
def schedule_free_mode(chk: "Checker") -> None:
    for o in chk.m.all_objs():
        if o.kind != "optimizer" or o.lib != "schedulefree" or not isinstance(o.node, ast.Call):
            continue
        if not _trains(chk, o):
            continue
        modes = {m for obj, m, _ in chk.m.mode_calls if obj is o}
        if not modes:
            # a call on the same name that the walk could not tie to the object
            modes = {n.func.attr for n in chk.m.nodes if isinstance(n, ast.Call)
                     and isinstance(n.func, ast.Attribute) and n.func.attr in ("train", "eval")
                     and text(n.func.value) == o.name}
        missing = [m for m in ("train", "eval") if m not in modes]
        if missing:
            chk.add(o.node, "LR024", optimizer=o.name, missing=f"train()` or `{o.name}.eval" if len(missing) > 1
                    else missing[0])


def accumulates(chk: "Checker", ev: StepCall) -> str | None:
    """The accumulation factor's expression when this call runs once per optimizer update of an
    accumulating loop (an update gate, or ``with accelerator.accumulate`` with an accumulating Accelerator)."""
    for br in ev.path:
        if isinstance(br, Branch) and br.key is True and br.test is not None:
            for n in ast.walk(br.test):
                name = ident(n)
                if name and ACCUM_WORD.search(name.lower()):
                    if chk.res.written(n, ev.ctx.scope) == 1:
                        continue   # `% cfg.accum_steps` with the file's settings class saying 1: every batch updates
                    return text(n)
                if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mod) and isinstance(n.right, ast.Constant) \
                        and type(n.right.value) is int and n.right.value > 1 and isinstance(br.node, ast.If) \
                        and _steps_optimizer(br.node):
                    return text(n.right)   # `if (step + 1) % 4 == 0: scaler.step(optimizer); ...`
    if ev.ctx.in_accumulate:
        for acc in chk.m.accelerators:
            for kw in acc.keywords:
                if kw.arg == "gradient_accumulation_steps":
                    v = chk.res.written(kw.value, chk.m.module_scope)   # an option's default 1 may be raised
                    if v != 1:
                        return text(kw.value)
    return None


# -- LR010 in event handlers ------------------------------------------------------------------------
_STARTED = re.compile(r"^(EPOCH_STARTED|ITERATION_STARTED|STARTED)$")


def started_handlers(chk: "Checker") -> None:
    """PyTorch Ignite: a scheduler stepped in a handler of ``Events.EPOCH_STARTED`` (or ``ITERATION_STARTED``)
    runs before the engine's optimizer steps of that epoch (iteration): the pre-1.1 order (LR010)."""
    handlers: dict[int, str] = {}
    for fn in chk.m.nodes:
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for d in fn.decorator_list:
                ev = _started_event(d.args[0] if isinstance(d, ast.Call) and ident(d.func) == "on" and d.args
                                    else None)
                if ev:
                    handlers[id(fn)] = ev
    by_name = {fn.name: fn for fn in chk.m.nodes if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))}
    for call in chk.m.nodes:
        if isinstance(call, ast.Call) and ident(call.func) == "add_event_handler" and len(call.args) >= 2:
            ev = _started_event(call.args[0])
            target = by_name.get(ident(call.args[1]) or "")
            if ev and target is not None:
                handlers[id(target)] = ev
    done: set[int] = set()
    for step in chk.m.sched_steps:
        if step.ctx.root in handlers and step.by == "hand" and id(step.call) not in done and not step.ctx.loops:
            done.add(id(step.call))
            chk.add(step.call, "LR010", scheduler=text(step.call.func.value), optimizer="the engine's optimizer",
                    fix=f"attach the handler to Events.{handlers[step.ctx.root].replace('STARTED', 'COMPLETED')}, "
                        "after the engine's optimizer steps")


def _started_event(e: ast.AST | None) -> str | None:
    name = ident(e) if e is not None else None
    if isinstance(e, ast.Call):   # Events.ITERATION_STARTED(every=10)
        name = ident(e.func)
    return name if name and _STARTED.match(name) else None
