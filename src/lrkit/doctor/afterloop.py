"""A scheduler stepped once, after the training loop has ended (LR048).

``sched.step()`` dedented one level too far sits below the epoch loop instead of at its end: it runs once, when
training is over, and the whole run trains at the schedule's first LR. Reported only where the shape is plain:
the call is in no loop (in none of the contexts the walk reached it from) and in code that runs once (the module,
or a plain function the file calls: not a method, which a round loop elsewhere may call), the same body holds, before it, an
epoch loop in which the optimizer steps, nothing after it in that body loops or steps the optimizer, and the
scheduler is stepped nowhere else.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .context import range_bounds
from .symbols import text, walk_no_defs

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["stepped_after_run"]


def stepped_after_run(chk: "Checker") -> None:
    r"""LR048 at a lone ``sched.step()`` that follows the epoch loop it should have been inside.

    >>> from lrkit.doctor import check_source
    >>> src = ("import torch\nnet = torch.nn.Linear(2, 1)\nopt = torch.optim.SGD(net.parameters(), lr=0.1)\n"
    ...        "sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10)\nfor epoch in range(30):\n"
    ...        "    for x, y in train_loader:\n        net(x).sum().backward()\n        opt.step()\nsched.step()\n")
    >>> [(f.code, f.line) for f in check_source(src, "t.py")]
    [('LR048', 9)]
    """
    hand = [ev for ev in chk.m.sched_steps if ev.by == "hand"]
    epoch_loops = {id(lp.node) for lp in chk.m.loops if lp.kind == "epoch"}
    done: set[int] = set()
    for ev in hand:
        if id(ev.call) in done:
            continue
        done.add(id(ev.call))
        same = [e for e in hand if e.obj is ev.obj]
        if any(e.ctx.loops for e in same) or len({id(e.call) for e in same}) != 1:
            continue   # in a loop somewhere, or stepped at another place too
        body, i = _home(chk.m.tree, ev.call)
        if body is None or not (_run_once(chk, ev.call) or _local_to(chk, ev.obj, ev.call)):
            continue
        trained = [s for s in body[:i] if isinstance(s, (ast.For, ast.While)) and id(s) in epoch_loops
                   and _optimizer_steps_in(chk, s)]
        later = body[i + 1:]
        if not trained or any(isinstance(n, (ast.For, ast.While)) for s in later for n in ast.walk(s)) or any(
                _optimizer_steps_in(chk, s) for s in later):
            continue
        chk.add(ev.call, "LR048", sched_desc=ev.obj.desc, scheduler=text(ev.call.func.value),
                loop=str(trained[-1].lineno))
    _stepped_per_sweep(chk, hand, epoch_loops)


def _stepped_per_sweep(chk: "Checker", hand: list, epoch_loops: set[int]) -> None:
    """LR048 for a step below the epoch loop but inside a loop of another kind around it (a sweep over a
    hyper-parameter, ``for weight in np.arange(0.01, 0.51, 0.01):``): it runs once per value of the sweep, not
    once per epoch. Reported when the call is a statement of that loop's own body, the only place the scheduler is
    stepped, an epoch loop that steps the optimizer (also at the top of a function of the file it calls) comes
    before it there and nothing after it loops or steps the optimizer, and the schedule's length (a step size, a
    horizon, its last milestone) is below that epoch loop's count: a schedule sized for the epochs it never sees
    (one sized for the sweep, stepped once per value on purpose, is left alone)."""
    done: set[int] = set()
    for ev in hand:
        same = [e for e in hand if e.obj is ev.obj]
        if id(ev.call) in done or len({id(e.call) for e in same}) != 1:
            continue
        done.add(id(ev.call))
        if not ev.ctx.loops or any(lp.kind is not None for lp in ev.ctx.loops) or not all(
                e.ctx.loops for e in same):
            continue   # a loop of a known kind around it: the stepping rules judge it
        sweep = ev.ctx.loops[-1].node
        stmt = next((st for st in sweep.body if isinstance(st, ast.Expr) and st.value is ev.call), None)
        if stmt is None:
            continue
        i = sweep.body.index(stmt)
        trained = [lp for st in sweep.body[:i] for lp in _epoch_loops_of(chk, st, epoch_loops)
                   if _optimizer_steps_in(chk, lp)]
        later = sweep.body[i + 1:]
        if not trained or any(isinstance(n, (ast.For, ast.While)) for st in later for n in ast.walk(st)) or any(
                _optimizer_steps_in(chk, st) for st in later):
            continue
        epochs = _range_count(chk, trained[-1])
        length = chk.length_of(ev.obj)
        scope = ev.obj.scope or chk.m.module_scope
        v = chk.res.value(length[1], scope) if length is not None else None
        v = max(v) if isinstance(v, list) and v and all(isinstance(x, (int, float)) for x in v) else v
        if not (isinstance(epochs, int) and isinstance(v, (int, float)) and not isinstance(v, bool)
                and 0 < v < epochs):
            continue
        chk.add(ev.call, "LR048", sched_desc=ev.obj.desc, scheduler=text(ev.call.func.value),
                loop=str(trained[-1].lineno),
                message=f"{ev.obj.desc} ({length[0]}={text(length[1])}) is stepped after the {epochs}-epoch loop at "
                        f"line {trained[-1].lineno}, once per pass of the loop around it (line {sweep.lineno}), "
                        "not once per epoch: no run sees its decay, and later passes start where earlier ones left "
                        "the LR")


def _epoch_loops_of(chk: "Checker", st: ast.stmt, epoch_loops: set[int]) -> list[ast.For]:
    """``st`` itself when it is an epoch loop, or the epoch loops at the top of the file's function it calls
    (``train(model, opt)`` holding ``for epoch in range(40):``)."""
    if isinstance(st, ast.For):
        return [st] if id(st) in epoch_loops else []
    call = st.value if isinstance(st, (ast.Expr, ast.Assign)) else None
    fn = chk.m.functions.get(call.func.id) if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) else None
    return [x for x in fn.body if isinstance(x, ast.For) and id(x) in epoch_loops] if fn is not None else []


def _range_count(chk: "Checker", loop: ast.For) -> int | None:
    """The count of ``for epoch in range(n)`` (``range(a, b)``: b - a), when it resolves."""
    bounds = range_bounds(loop)
    scope = next((lp.scope for lp in chk.m.loops if lp.node is loop), None)
    vals = [chk.res.value(b, scope) if b is not None else 0 for b in bounds] if bounds and scope else []
    if len(vals) != 2 or not all(isinstance(x, int) and not isinstance(x, bool) for x in vals):
        return None
    return vals[1] - vals[0]


def _run_once(chk: "Checker", call: ast.Call) -> bool:
    """The code holding ``call`` runs once: module-level code, or a plain function the file itself calls (``main()``).
    A method or a function only other files call may be run again and again (a federated client's local training,
    called once per round, steps its scheduler once per round on purpose)."""
    fn = chk.m.enclosing_function(call)
    if fn is None:
        return True
    if chk.m.owner.get(id(fn)) or chk.m.enclosing_function(fn) is not None:
        return False
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == fn.name for n in chk.m.nodes)


def _local_to(chk: "Checker", obj, call: ast.Call) -> bool:
    """``obj`` is built in the function that steps it, on an optimizer also built there, and never leaves it (not
    returned, yielded, stored on an attribute or in a container): whoever calls the function, often and for whatever
    reason, each call trains with a new scheduler that its one step after the loop cannot have acted on (held-out
    set 25). Built each call on an optimizer that outlives it (``self.opt``, a parameter), the step is kept: a
    chainable scheduler's step lowers the optimizer's LR, which the next call starts from."""
    fn = chk.m.enclosing_function(call)
    if fn is None or chk.m.enclosing_function(obj.node) is not fn or not obj.name.isidentifier():
        return False
    opt = chk.optimizer_of(obj)
    if opt is None or chk.m.enclosing_function(opt.node) is not fn:
        return False   # a scheduler built each call on an optimizer that lives on: its step does carry over
    for n in walk_no_defs(fn):
        if isinstance(n, (ast.Global, ast.Nonlocal)) and obj.name in n.names:
            return False
        if isinstance(n, ast.Name) and n.id == obj.name and isinstance(n.ctx, ast.Load) and not isinstance(
                chk.m.parents.get(id(n)), ast.Attribute):
            return False   # handed on, returned or stored: it may live on after the call
    return True


def _home(tree: ast.AST, call: ast.Call) -> tuple[list[ast.stmt] | None, int]:
    """The statement list (a function's or the module's body, or an ``if``'s at their top) holding
    ``call`` as a statement of its own, and its index there."""
    for n in ast.walk(tree):
        for field in ("body", "orelse"):
            body = getattr(n, field, None)
            if not isinstance(body, list) or isinstance(n, (ast.For, ast.While, ast.AsyncFor)):
                continue
            for i, s in enumerate(body):
                if isinstance(s, ast.Expr) and s.value is call:
                    return body, i
    return None, -1


def _optimizer_steps_in(chk: "Checker", stmt: ast.stmt) -> bool:
    """An optimizer step runs inside ``stmt`` (in its own code or in a helper called from it)."""
    inside = {id(n) for n in walk_no_defs(stmt)} | {id(stmt)}
    return any(id(ev.call) in inside or any(id(lp.node) in inside for lp in ev.ctx.loops) for ev in chk.m.opt_steps)
