"""A resume that continues the epoch count but starts the schedule over (LR040).

The run restores the optimizer (or reads its start from the loaded checkpoint) and continues
``range(start_epoch, epochs)``, while the scheduler is built anew from step 0 and never restored. Read from the
paths the walk recorded for the scheduler's ``.step()`` calls; what counts as a restore, a resume point and a
schedule with nothing to lose is below.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from . import progressfile
from .context import Ctx, unwrap
from .flow import explicit_position
from .lambdas import function_of, optimizers_of
from .projectsched import project_steps
from .symbols import Obj, ident, text, walk_no_defs
from .walk import Loop, StepCall

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["resume_restarts"]


_RESUME_START = re.compile(r"start|resume|begin|init_epoch|last_epoch|first_epoch|epoch0")


_RESTORER = re.compile(r"^(load|restore|resume)_?(from_)?(ckpt|checkpoint|state|model|training|weights|optimizer)"
                       r"|^resume$")


def resume_restarts(chk: "Checker") -> None:
    """A resume that restores the optimizer and continues the epoch count, but rebuilds the scheduler from
    step 0 and never restores it."""
    restored = {text(n.func.value) for n in chk.m.nodes if isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute) and n.func.attr == "load_state_dict"}
    # `load_checkpoint(path, model, optimizer)`: what a restoring helper is given is restored
    restored |= {text(a) for n in chk.m.nodes if isinstance(n, ast.Call) and _RESTORER.search((ident(n.func) or "").lower())
                 for a in [*n.args, *(k.value for k in n.keywords)] if isinstance(a, (ast.Name, ast.Attribute))}
    done: set[int] = set()
    steps = chk.m.sched_steps + project_steps(chk)   # also the project's own scheduler classes of other modules
    for ev in steps:
        o = ev.obj
        if id(o) in done or ev.by != "hand" or o.lib not in ("torch", "transformers", "lrkit", "project") \
                or not isinstance(o.node, ast.Call) or id(o.node) in chk.children:
            continue
        start = _resumed_start(ev)
        if start is None or o.arg("last_epoch") is not None or o.name in restored or explicit_position(ev) \
                or _rebuilt_at_position(chk, o) or _saved_by_accelerate(chk, o):
            # `scheduler.step(epoch)` sets the position from the loop: a resumed loop resumes it too
            continue
        opt = chk.optimizer_of(o)
        if o.cls in _CHAINED_ONLY and any(_aliases(chk, x.name) & restored for x in optimizers_of(chk, o)):
            continue   # ExponentialLR multiplies the LR it finds: rebuilt on the restored optimizer it goes on from there
        named = any(ident(n) and _RESUME_START.search(ident(n).lower()) for n in ast.walk(start))
        if not (named and opt is not None and opt.name in restored) and not _from_checkpoint(chk, start, o) \
                and not _restored_when_started_late(chk, start, o) \
                and not _weights_only(chk, start, o, named, restored) \
                and not progressfile.read_back(chk, start, o):
            continue   # neither a named resume point with the optimizer restored, nor a start read from a checkpoint
        if chk.plateau_kind(o) is not None:
            # a plateau scheduler has no length to replay: it reads the LR from the optimizer (whose restored state
            # holds it), or, beside a fresh optimizer, starts from its LR as the optimizer does
            continue
        if _counts_from_start(chk, start, o):
            continue
        if _fast_forwarded(steps, o, ev) or _passed_on(chk, o):
            continue
        done.add(id(o))
        stmt = chk.m.stmt_of(o.node)
        if stmt is not None and id(stmt) in done:
            continue   # `schedulers = [MultiStepLR(a, ...), MultiStepLR(b, ...)]`: one statement, one resume, one finding
        done.add(id(stmt))
        chk.add(o.node, "LR040", start=text(start), sched_desc=o.desc, scheduler=o.name)


# schedulers whose every step multiplies the optimizer's current LR by a constant: no position to lose on a resume
_CHAINED_ONLY = ("ExponentialLR", "MultiplicativeLR")


def _aliases(chk: "Checker", name: str) -> set[str]:
    """``name`` and what it is copied to (``self.optimizer = optimizer``, ``self.model, self.optimizer = model,
    optimizer``)."""
    out = {name}
    for n in chk.m.nodes:
        if isinstance(n, ast.Assign):
            for t in n.targets:
                pairs = zip(t.elts, n.value.elts) if isinstance(t, ast.Tuple) and isinstance(n.value, ast.Tuple) \
                    and len(t.elts) == len(n.value.elts) else [(t, n.value)]
                out |= {text(a) for a, b in pairs if isinstance(b, ast.Name) and b.id == name}
    return out


def _rebuilt_at_position(chk: "Checker", o: Obj) -> bool:
    """The scheduler's name is bound again to a scheduler built at a position (``scheduler =
    CosineAnnealingLR(opt, T_max=50, last_epoch=start_epoch - 1)`` in the resume arm): the resume restores it."""
    return any(isinstance(n, ast.Assign) and isinstance(n.value, ast.Call) and n.value is not o.node
               and any(text(t) == o.name for t in n.targets)
               and any(k.arg == "last_epoch" and not (isinstance(k.value, ast.UnaryOp) or isinstance(k.value, ast.Constant))
                       for k in n.value.keywords)
               for n in chk.m.nodes)


def _saved_by_accelerate(chk: "Checker", o: Obj) -> bool:
    """A scheduler handed to ``accelerator.prepare(...)`` (or ``register_for_checkpointing``) in a file that calls
    ``accelerator.load_state(path)``: accelerate saves and restores those with the run's state."""
    loads = {text(n.func.value) for n in chk.m.nodes if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
             and n.func.attr == "load_state"}
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
               and n.func.attr in ("prepare", "register_for_checkpointing")
               and text(n.func.value) in loads and any(text(a) == o.name for a in n.args)
               for n in chk.m.nodes)


def _resumed_start(ev: StepCall) -> ast.expr | None:
    """The start of an epoch loop ``range(start_epoch, epochs)`` around the call, when it names a resume point; or
    of the run's one loop of iterations, ``for it in range(start_iter, max_iters)`` in no other loop (held-out set 26)."""
    loops = [x for x in ev.path if isinstance(x, Loop)]
    for x in loops:
        if isinstance(x.node, ast.For) and (x.kind == "epoch" or x.kind == "batch" and len(loops) == 1):
            it = x.node.iter
            for _ in range(4):   # `bar = tqdm(enumerate(range(start_epoch, n)))` then `for _, epoch in bar`
                if isinstance(it, ast.Name) and isinstance(v := x.scope.value_of(it.id), ast.Call):
                    it = v
                it = unwrap(it)
            if isinstance(it, ast.Call) and ident(it.func) in ("range", "trange") and len(it.args) >= 2:
                first = it.args[0]
                if ast.dump(first) in {ast.dump(n) for n in ast.walk(it.args[1])}:
                    return None   # range(start, start + 200): a new run of its own length, a fresh schedule fits
                if not isinstance(first, ast.Constant):
                    return first
    return None


def _from_checkpoint(chk: "Checker", start: ast.expr, o: Obj) -> bool:
    """The loop's start is read from a loaded checkpoint (``start_epoch = ckpt["epoch"] + 1`` with
    ``ckpt = torch.load(...)``, or ``ckpt.get("iteration", 0)``), and the model is restored from it."""
    scope = o.scope or chk.m.module_scope
    loaded = {name for name, vals in scope.assigns.items() for v in vals   # also `load(...) if resume else {}`
              if any(isinstance(c, ast.Call) and ident(c.func) == "load" for c in ast.walk(v))}
    names = [n.id for n in ast.walk(start) if isinstance(n, ast.Name)]
    # `args.start_epoch = ckpt["epoch"]`: a setting written back from the checkpoint
    names += [ast.unparse(n) for n in ast.walk(start) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)]
    for name in names:
        for v in scope.assigns.get(name, []):
            if any(isinstance(x, ast.Name) and x.id in loaded for x in ast.walk(v)):
                return True
    # `start_epoch, best = load_checkpoint(model, None, path)`: unpacked from a restoring helper
    for n in chk.m.nodes:
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call) and _RESTORER.search(
                (ident(n.value.func) or "").lower()) and any(
                isinstance(x, ast.Name) and x.id in names for t in n.targets for x in ast.walk(t)):
            return True
    return False


def _names(expr: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(expr) if isinstance(n, ast.Name)} | {
        ast.unparse(n) for n in ast.walk(expr) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)}


def _restored_when_started_late(chk: "Checker", start: ast.expr, o: Obj) -> bool:
    """The run restores saved weights under a test of the loop's start (``def train(epoch_start=150)`` ...
    ``if epoch_start != 1: net.load_state_dict(torch.load(path))``): a start past the beginning is a resume."""
    names = _dotted(start)
    home = chk.m.enclosing_function(o.node) or chk.m.tree
    for n in walk_no_defs(home):
        if isinstance(n, ast.If) and names & _dotted(n.test):
            for c in (c for st in n.body for c in [st, *walk_no_defs(st)]):
                if isinstance(c, ast.Call) and (ident(c.func) == "load_state_dict" or _RESTORER.search(
                        (ident(c.func) or "").lower())):
                    return True
    return False


_RESUME_FLAG = re.compile(r"resume|restore|continue")


def _weights_only(chk: "Checker", start: ast.expr, o: Obj, named: bool, restored: set[str]) -> bool:
    """``if args.resume: load_model(model, args.resume)`` (or ``model.load_state_dict(...)``) in the function that
    builds the scheduler, the optimizer restored nowhere: a resume of the weights only, with the loop continuing
    from a named start that is not a plain constant (``start_epoch = 0`` and nothing else: no resume point)."""
    if not named or any(x.name in restored for x in optimizers_of(chk, o)):
        return False
    scope = o.scope or chk.m.module_scope
    if isinstance(start, ast.Name) and all(isinstance(v, ast.Constant) for v in scope.assigns.get(start.id, [None])):
        return False
    home = chk.m.enclosing_function(o.node) or chk.m.tree
    for n in walk_no_defs(home):
        if isinstance(n, ast.If) and any(_RESUME_FLAG.search((ident(x) or "").lower()) for x in ast.walk(n.test)
                                         if isinstance(x, (ast.Name, ast.Attribute))):
            for c in (c for st in n.body for c in [st, *walk_no_defs(st)]):
                if isinstance(c, ast.Call) and (ident(c.func) == "load_state_dict" or _RESTORER.search(
                        (ident(c.func) or "").lower())):
                    return True
    return False


def _counts_from_start(chk: "Checker", start: ast.expr, o: Obj) -> bool:
    """The scheduler is built knowing the resume point: its arguments or its ``LambdaLR`` function read the
    start (CycleGAN's ``1 - max(0, epoch + epoch_count - n_epochs) / ...``)."""
    names = _dotted(start)
    fn = function_of(chk, o)
    parts = [*(o.node.args if isinstance(o.node, ast.Call) else []),
             *(k.value for k in getattr(o.node, "keywords", []))] + ([fn] if fn is not None else [])
    return any(names & _dotted(p) for p in parts)


def _dotted(expr: ast.AST) -> set[str]:
    """The whole names an expression reads: ``cfg.start_epoch`` (not its base ``cfg``, which ``cfg.step_size``
    shares), ``start_epoch``."""
    inner = {id(n.value) for n in ast.walk(expr) if isinstance(n, ast.Attribute)}
    return {ast.unparse(n) for n in ast.walk(expr) if isinstance(n, (ast.Name, ast.Attribute)) and id(n) not in inner}


def _fast_forwarded(steps: list[StepCall], o: Obj, ev: StepCall) -> bool:
    """Another step call of the scheduler outside the training loop (``for _ in range(start): sched.step()``)."""
    loops = {id(x.node) for x in ev.path if isinstance(x, Loop)}
    return any(e.obj is o and e.call is not ev.call and not loops & {id(x.node) for x in e.path if isinstance(x, Loop)}
               for e in steps)


def _passed_on(chk: "Checker", o: Obj) -> bool:
    """The scheduler handed to a function or a container that may restore it: not ``accelerator.prepare``, nor a
    function of this file that never loads a state (the training function that only steps it)."""
    for n in chk.m.nodes:
        if isinstance(n, ast.Call) and ident(n.func) not in ("print", "len", "str", "repr", "prepare"):
            if not any(text(a) == o.name for a in [*n.args, *(k.value for k in n.keywords)]):
                continue
            fn = chk.m.callee_of(n, Ctx(o.scope or chk.m.module_scope))
            if fn is None or any(isinstance(c, ast.Call) and (ident(c.func) == "load_state_dict" or _RESTORER.search(
                    (ident(c.func) or "").lower())) for c in ast.walk(fn)):
                return True
    return False
