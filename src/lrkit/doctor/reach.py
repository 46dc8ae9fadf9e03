"""Schedules that cannot act on the run as written: a floor at (or above) the optimizer's starting LR (LR061), a
ReduceLROnPlateau whose patience outlasts the calls the run makes (LR062), and a schedule length that divides a
count of batches by the batch size (LR063)."""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from .context import Branch, Ctx, Loop, StepCall, unwrap
from .flow import neutral
from .symbols import ACCUM_WORD, HF_SCHEDULERS, LOADER_WORD, TORCH_SCHEDULERS, Obj, ident, text
from .units import BINOPS, COMPARE, arith
from .unpacked import unpacked_from

__all__ = ["reach_rules", "floor_at_start", "plateau_outlasts_run", "batches_over_batch_size"]

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

_FLOOR_ARG = {"CosineAnnealingLR": "eta_min", "CosineAnnealingWarmRestarts": "eta_min", "ReduceLROnPlateau": "min_lr"}
_PLATEAU_PATIENCE = 10   # torch's default
_MAX_EPOCHS = 100_000   # a loop counted one pass at a time; longer ones are not short runs
_BATCH_SIZE = re.compile(r"batch_?size|^b_?s$|_bs$|^bsz$|bsize")


def _scope(chk: "Checker", o: Obj):
    return o.scope or chk.m.module_scope


# -- LR061 ------------------------------------------------------------------------------------------
def floor_at_start(chk: "Checker", o: Obj) -> None:
    r"""``CosineAnnealingLR(opt, T_max, eta_min=args.lr)`` with ``opt`` built at ``lr=args.lr`` in every arm that
    builds it: the cosine runs from the LR to itself. Also ReduceLROnPlateau's ``min_lr`` and a floor whose value is
    above the LR. An optimizer whose param groups carry their own ``lr`` is left alone (they start elsewhere). When
    only one arm starts at the floor, reported when that arm is the one a run without options takes (``if
    args.use_sgd:`` with ``default=False``).

    >>> from lrkit.doctor import check_source
    >>> src = ("import torch\nopt = torch.optim.Adam(net.parameters(), lr=args.lr)\n"
    ...        "sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=50, eta_min=args.lr)\n")
    >>> [(f.code, f.line) for f in check_source(src, "t.py") if f.code == "LR061"]
    [('LR061', 3)]
    """
    if o.lib != "torch" or o.cls not in _FLOOR_ARG or not isinstance(o.node, ast.Call):
        return
    floor = o.arg(_FLOOR_ARG[o.cls])
    if floor is None or isinstance(floor, (ast.List, ast.Tuple)):
        return
    floor, unset = _past_unset(chk, floor, _scope(chk, o))
    opts = chk.m.lookup_all(o.arg("optimizer"), Ctx(_scope(chk, o), cls=chk.cls_of(o), bindings=o.bindings))
    if not opts or any(x.kind != "optimizer" for x in opts):
        return
    if any(w.obj in opts for w in chk.m.lr_writes):
        return   # a hand-written LR moves the group's LR itself
    found = {}
    for opt in opts:
        lr = opt.arg("lr")
        if lr is None or _own_group_lrs(chk, opt, _scope(chk, opt)):
            return
        found[id(opt)] = _against(chk, floor, _scope(chk, o), lr, _scope(chk, opt))
    default, shown = unset, opts[0]
    if None in found.values():   # only some arms: reported when a run without options takes one of them
        chosen = _default_arm(chk, opts)
        if chosen is None or found[id(chosen[0])] is None:
            return
        shown, found = chosen[0], {id(chosen[0]): found[id(chosen[0])]}
        default = f" in the default run (`{text(chosen[1])}` is {chosen[2]} unless the option is given, and that " \
                  f"arm builds this optimizer)"
    effects = set(found.values())
    shown_lr = text(shown.arg("lr"))
    if o.cls == "ReduceLROnPlateau":
        effect = "the plateau can never cut the LR"
    else:
        effect = "the LR climbs to the floor instead of decaying" if effects == {"climbs"} else \
            "the schedule never moves the LR"
    chk.add(o.node, "LR061", sched_desc=o.desc, floor=text(floor), lr=shown_lr, effect=effect + default)


def _past_unset(chk: "Checker", floor: ast.expr, scope) -> tuple[ast.expr, str]:
    """``eta_min=args.min_lr or args.lr`` with ``--min_lr`` defaulting to None (or 0): a run without the option
    takes the operand after ``or``. That operand and the words saying so; the floor itself otherwise."""
    if not (isinstance(floor, ast.BoolOp) and isinstance(floor.op, ast.Or)):
        return floor, ""
    first = floor.values[0]
    defaults = chk.m.cli_defaults()
    if not (isinstance(first, ast.Attribute) and chk.m.holds_args(first.value, scope) and first.attr in defaults
            and not defaults[first.attr]):
        return floor, ""
    rest = floor.values[1] if len(floor.values) == 2 else ast.BoolOp(op=ast.Or(), values=floor.values[1:])
    return rest, f" in the default run (`{text(first)}` is {defaults[first.attr]!r} unless the option is given)"


def _default_arm(chk: "Checker", opts: list[Obj]) -> tuple[Obj, ast.expr, bool] | None:
    """The optimizer a run without options builds, when the candidates are the two arms of one ``if args.flag:``
    (``else``) on a command-line flag whose default the file writes (``default=False``, ``action="store_true"``):
    that optimizer, the flag and its default. The DGCNN recipe's ``if args.use_sgd: SGD(lr=args.lr * 100) else:
    Adam(lr=args.lr)`` beside ``eta_min=args.lr`` is right only when the flag is on."""
    if len(opts) != 2 or not all(isinstance(x.node, ast.Call) for x in opts):
        return None
    arms = []
    for opt in opts:
        n, child = chk.parents.get(id(opt.node)), opt.node
        while n is not None and not isinstance(n, (ast.If, ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
            n, child = chk.parents.get(id(n)), n
        if not isinstance(n, ast.If):
            return None
        arms.append((n, child in n.body))
    (iff, first), (other, second) = arms
    if iff is not other or first == second:
        return None
    test, positive = iff.test, True
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        test, positive = test.operand, False
    value = _flag_default(chk, test, _scope(chk, opts[0]))
    if value is None:
        return None
    taken = value == positive
    return next(x for x, (_, body) in zip(opts, arms) if body == taken), test, value


def _flag_default(chk: "Checker", e: ast.expr, scope) -> bool | None:
    """``args.use_sgd``: the ``default=`` the file gives that option when it is True/False, or False for a
    ``store_true`` option (True for ``store_false``)."""
    if not isinstance(e, ast.Attribute) or not chk.m.holds_args(e.value, scope):
        return None
    v = chk.m.cli_defaults().get(e.attr)
    if isinstance(v, bool):
        return v
    actions = set()
    for n in chk.m.nodes:
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "add_argument" and any(
                isinstance(a, ast.Constant) and a.value in ("--" + e.attr, "--" + e.attr.replace("_", "-"))
                for a in n.args):
            kws = {k.arg: k.value for k in n.keywords if k.arg}
            act, d = kws.get("action"), kws.get("default")
            if d is not None or not isinstance(act, ast.Constant) or act.value not in ("store_true", "store_false"):
                return None
            actions.add(act.value == "store_false")
    return actions.pop() if len(actions) == 1 else None


def _against(chk: "Checker", floor: ast.expr, fs, lr: ast.expr, ls) -> str | None:
    """"equal" when the floor is written as the LR (the same expression, or the same value), "climbs" when its
    value is above the LR's, None otherwise."""
    (f, fh), (l, lh) = _through(chk, floor, fs), _through(chk, lr, ls)
    if isinstance(l, ast.IfExp):   # `lr = args.lr if not args.use_sgd else args.lr`: both arms start there
        arms = {_against(chk, floor, fs, arm, lh) for arm in (l.body, l.orelse)}
        return arms.pop() if len(arms) == 1 else None
    if ast.dump(f) == ast.dump(l) and not (_unbound(f) and fh is not lh):
        return "equal"   # the same text; a parameter or name of unknown value only within one scope
    fv, lv = chk.res.value(floor, fs), chk.res.value(lr, ls)
    if isinstance(fv, (int, float)) and isinstance(lv, (int, float)) and lv > 0:
        return "equal" if fv == lv else ("climbs" if fv > lv else None)
    return None


def _through(chk: "Checker", e: ast.expr, scope):
    """A name (or ``self.x``) followed to its one assignment (``lr = args.lr``), and the scope that holds it."""
    for _ in range(3):
        found = chk.m.held(e, scope)
        if found is None:
            break
        e, scope = found
    return e, (scope.scope_of_value(e.id) if isinstance(e, ast.Name) else scope)


def _unbound(e: ast.expr) -> bool:
    """A bare name whose value is not known (a parameter): two of them agree only in one scope."""
    return isinstance(e, ast.Name)


def _own_group_lrs(chk: "Checker", opt: Obj, scope) -> bool:
    params = opt.arg("params")
    params = _through(chk, params, scope)[0] if params is not None else None
    return params is None or any(isinstance(d, ast.Dict) and any(
        isinstance(k, ast.Constant) and k.value == "lr" for k in d.keys) for d in ast.walk(params))


# -- LR062 ------------------------------------------------------------------------------------------
def plateau_outlasts_run(chk: "Checker", o: Obj) -> None:
    r"""ReduceLROnPlateau stepped by hand at one place, once per pass of an epoch loop whose passes can be counted
    (a range of known bounds, and only ``if`` tests on the epoch number around the call, such as ``epoch % 5 ==
    0``): with no more than ``patience + 1`` calls it can never reduce the LR.

    >>> from lrkit.doctor import check_source
    >>> src = ("import torch\nopt = torch.optim.Adam(net.parameters(), lr=1e-3)\n"
    ...        "sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)\n"
    ...        "for epoch in range(5):\n    sched.step(evaluate(net))\n")
    >>> [(f.code, f.line) for f in check_source(src, "t.py")]
    [('LR062', 3)]
    """
    if o.lib != "torch" or o.cls != "ReduceLROnPlateau" or not isinstance(o.node, ast.Call):
        return
    evs = [ev for ev in chk.m.sched_steps if ev.obj is o]
    if not evs or any(ev.by != "hand" for ev in evs) or len({id(ev.call) for ev in evs}) != 1:
        return
    if not (evs[0].call.args or evs[0].call.keywords):
        return   # no metric at all: LR003 says so
    p = o.arg("patience")
    patience = _PLATEAU_PATIENCE if p is None else chk.m.constant(p, _scope(chk, o))
    if not isinstance(patience, int) or isinstance(patience, bool) or patience < 1:
        return
    # a helper walked as its own root has no loop around the call: its callers' walks say how often it runs
    counts = [_calls(chk, ev) for ev in evs if any(isinstance(x, Loop) for x in ev.path)]
    if not counts or any(c is None for c in counts):
        return
    calls = max(counts)   # type: ignore[type-var]
    if 2 <= calls <= patience + 1:   # a one-pass run leaves every per-epoch schedule idle: its length is the point
        chk.add(o.node, "LR062", sched_desc=o.desc, patience=str(patience), calls=str(calls))


def _calls(chk: "Checker", ev: StepCall) -> int | None:
    """How many times the call runs: the passes of its one epoch loop that the ``if`` tests around it let through."""
    loops = [i for i, x in enumerate(ev.path) if isinstance(x, Loop)]
    if len(loops) != 1:
        return None
    lp = ev.path[loops[0]]
    if lp.kind != "epoch" or not isinstance(lp.node, ast.For) or not isinstance(lp.node.target, ast.Name):
        return None
    rng = unwrap(lp.node.iter)
    if not (isinstance(rng, ast.Call) and ident(rng.func) == "range" and 1 <= len(rng.args) <= 3 and not rng.keywords):
        return None
    bounds = [chk.m.constant(a, lp.scope) for a in rng.args]
    if len(rng.args) == 1 or (len(rng.args) >= 2 and bounds[1] is None):
        stop_at = 0 if len(rng.args) == 1 else 1
        if bounds[stop_at] is None:
            bounds[stop_at] = chk.cli_default(rng.args[stop_at], lp.scope)
    if any(not isinstance(b, int) or isinstance(b, bool) for b in bounds):
        return None
    passes = range(*bounds)
    if len(passes) > _MAX_EPOCHS:
        return None
    var = lp.node.target.id
    tests = []
    for b in ev.path[loops[0] + 1:]:
        if not isinstance(b, Branch) or neutral(b, ev.obj):
            continue
        if b.test is None or b.key not in (True, False):
            return None
        tests.append(b)
    count = 0
    for e in passes:
        outcome = [_eval(chk, b.test, var, e, lp.scope) for b in tests]
        if any(x is None for x in outcome):
            return None
        count += all(x == b.key for x, b in zip(outcome, tests))
    return count


def _eval(chk: "Checker", t: ast.AST, var: str, e: int, scope) -> object:
    """``t`` with the loop variable at ``e`` (numbers, + - * // % and comparisons); None when it reads anything else."""
    if isinstance(t, ast.Name) and t.id == var:
        return e
    if isinstance(t, ast.Constant) and isinstance(t.value, (int, float)) and not isinstance(t.value, bool):
        return t.value
    if isinstance(t, ast.BinOp) and type(t.op) in BINOPS:
        a, b = _eval(chk, t.left, var, e, scope), _eval(chk, t.right, var, e, scope)
        return arith(t.op, a, b) if isinstance(a, (int, float)) and isinstance(b, (int, float)) else None
    if isinstance(t, ast.Compare) and len(t.ops) == 1 and type(t.ops[0]) in COMPARE:
        a, b = _eval(chk, t.left, var, e, scope), _eval(chk, t.comparators[0], var, e, scope)
        return COMPARE[type(t.ops[0])](a, b) if a is not None and b is not None else None
    if any(isinstance(n, ast.Name) and n.id == var for n in ast.walk(t)):
        return None
    v = chk.m.constant(t, scope)   # `epoch % args.eval_every`: a constant of the file
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


# -- LR063 ------------------------------------------------------------------------------------------
def batches_over_batch_size(chk: "Checker") -> None:
    r"""A scheduler argument computed as ``len(train_loader) // batch_size`` (also through assignments and inside
    a larger expression): the DataLoader's length already counts batches.

    >>> from lrkit.doctor import check_source
    >>> src = ("import torch\nloader = torch.utils.data.DataLoader(ds, batch_size=bs)\n"
    ...        "opt = torch.optim.SGD(net.parameters(), lr=0.1)\n"
    ...        "sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=10 * (len(loader) // bs))\n")
    >>> [(f.code, f.line) for f in check_source(src, "t.py")]
    [('LR063', 4)]
    """
    best: dict[int, tuple] = {}   # one finding per division: at the call nearest to it (a factory's, not its inside)
    for call in chk.m.nodes:
        if not isinstance(call, ast.Call) or not builds_scheduler(chk, call):
            continue
        scope = chk.m.scope_at(call)
        for arg in [*call.args, *(k.value for k in call.keywords if k.arg not in (None, "optimizer"))]:
            hit = _division(chk, arg, scope)
            if hit is not None:
                div, loader, depth = hit
                if id(div) not in best or depth < best[id(div)][0]:
                    best[id(div)] = (depth, call, arg, div, loader)
                break
    for _, call, arg, div, loader in best.values():
        name = ident(call.func) or "the scheduler"
        chk.add(call, "LR063", what=f"{name}'s `{text(arg)}`" if isinstance(arg, ast.Name) else f"{name}'s length",
                length=text(div), loader=text(loader), divisor=text(div.right))


def builds_scheduler(chk: "Checker", call: ast.Call) -> bool:
    name = ident(call.func) or ""
    if name in TORCH_SCHEDULERS or name in HF_SCHEDULERS:
        return True
    # a class named so, or a project factory (`build_scheduler(cfg, optimizer, steps_per_epoch=...)`)
    return name.lower().endswith(("scheduler", "schedule")) or (name.endswith("LR") and name[:1].isupper())


def _division(chk: "Checker", expr: ast.expr, scope, depth: int = 0) -> tuple[ast.BinOp, ast.expr, int] | None:
    if depth > 4:
        return None
    for n in ast.walk(expr):
        if isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Div, ast.FloorDiv)):
            for left in _factors(n.left):   # `len(loader) // bs`, also `epochs * len(loader) // bs`
                if isinstance(left, ast.Call) and ident(left.func) == "len" and len(left.args) == 1 \
                        and names_batch_size(n.right) and _counts_batches(chk, left.args[0], scope):
                    return n, left.args[0], depth
        found = chk.m.held(n, scope)   # `total_itr = epochs * (len(train_loader) // batch_size + 1)`, `self.total`
        if found is not None:
            hit = _division(chk, found[0], found[1], depth + 1)
            if hit is not None:
                return hit
    return None


def _factors(e: ast.expr) -> list[ast.expr]:
    """The factors of a product (``EPOCH * len(loader)``), each unwrapped from ``int()``/``float()``/``ceil()``."""
    while isinstance(e, ast.Call) and ident(e.func) in ("int", "float", "ceil") and len(e.args) == 1:
        e = e.args[0]
    if isinstance(e, ast.BinOp) and isinstance(e.op, ast.Mult):
        return _factors(e.left) + _factors(e.right)
    return [e]


def names_batch_size(e: ast.expr) -> bool:
    names = [ident(n).lower() for n in ast.walk(e) if ident(n)]
    names += [n.slice.value.lower() for n in ast.walk(e) if isinstance(n, ast.Subscript)   # cfg["batch_size"]
              and isinstance(n.slice, ast.Constant) and isinstance(n.slice.value, str)]
    return any(_BATCH_SIZE.search(x) for x in names) and not any(ACCUM_WORD.search(x) for x in names)


def _counts_batches(chk: "Checker", loader: ast.expr, scope) -> bool:
    """``len()`` of it counts batches: a DataLoader built with a batch size other than 1 (every one assigned to
    the name), or a name of a loader that is not the file's own class."""
    # Lightning's hooks: `len(self.train_dataloader())` (set 21), `self.trainer.datamodule.train_dataloader()`
    hook = isinstance(loader, ast.Call) and not loader.args and isinstance(loader.func, ast.Attribute) \
        and bool(LOADER_WORD.search(loader.func.attr.lower()))
    if chk.res.len_unit(loader, scope) != "steps" or not (hook or isinstance(loader, (ast.Name, ast.Attribute))):
        return False
    if hook:
        method = next((f for c in chk.m.classes.values() for f in c.body
                       if isinstance(f, ast.FunctionDef) and f.name == loader.func.attr), None)
        returns = [r.value for r in ast.walk(method) if isinstance(r, ast.Return)] if method is not None else []
        return all(not isinstance(v, ast.Call) or _batched(v) for v in returns)
    if not isinstance(loader, ast.Name):
        return True
    home = scope.scope_of_value(loader.id)
    for v in home.assigns.get(loader.id, []):
        if not isinstance(v, ast.Call):
            v = unpacked_from(home.node, loader.id)   # `train_loader, val_loader = create_dataloaders(args)`
        if v is None:
            return False   # a list, a placeholder of a loop: not a loader built here
        name = ident(v.func) or ""
        if name in chk.m.classes or not name.removesuffix("s").endswith(("Loader", "loader", "prepare")) \
                or not _batched(v):
            return False
    return True


def _batched(v: ast.Call) -> bool:
    """Not a ``DataLoader`` of torch's default batch of 1 (or of ``batch_size=1``/``None``): batches are examples."""
    if not (ident(v.func) or "").endswith("DataLoader"):
        return True
    bs = next((k.value for k in v.keywords if k.arg == "batch_size"), v.args[1] if len(v.args) > 1 else None)
    if bs is None and not any(k.arg == "batch_sampler" for k in v.keywords):
        return False
    return not (isinstance(bs, ast.Constant) and bs.value in (1, None))


def reach_rules(chk: "Checker") -> None:
    """Run LR061, LR062 and LR063 on the checked module (see each function's example)."""
    for o in chk.m.all_objs():
        floor_at_start(chk, o)
        plateau_outlasts_run(chk, o)
    batches_over_batch_size(chk)

