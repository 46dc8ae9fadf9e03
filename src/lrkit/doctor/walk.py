"""Execution-shaped walk of a module: which loops and branches enclose every ``.step()`` call.

Loops are classified as epoch loops (``for epoch in range(epochs)``) or batch loops (over a data
loader, ``range`` of a step count, ``while`` loops that draw ``next(it)`` from a loader). The loop's
iterable is followed through assignments and wrappers (``tqdm``, ``enumerate``, ``zip``, ``islice``,
``iter``, ``accelerator.prepare``) within the function. Calls to functions and methods of the same
file are followed (depth 3) with the caller's loops and branches, and with the tracked objects
passed as arguments bound to the parameters, so a ``train_one_epoch(model, loader, optimizer,
scheduler)`` called from an epoch loop is seen as stepping inside a batch loop. Objects made by the
file's own factories (``build_scheduler(args, optimizer)``), held on ``self`` or passed to a class's
constructor, and unpacked from ``accelerator.prepare`` / ``deepspeed.initialize`` are tracked too.
(Over 400 lines on purpose: the walk, the loop classification and the step-order events read one
context as they build it; the values they look up live in values.py and passing.py.)
"""

from __future__ import annotations

import ast
import itertools
import re
from dataclasses import dataclass, field, replace
from typing import Callable

from .context import ITEMS, WRAPPERS, Branch, Ctx, Loop, StepCall
from .epochwhile import passes_over_loader
from .firstpass import first_value, holds_first
from .uncalled import step_outside_loops, unread_functions
from .symbols import LOADER_WORD, Imports, Obj, Scope, classify_call, ident, text, walk_no_defs
from .units import Resolver, batching_classes
from .passing import Passing
from .values import _PLACEHOLDER, Values

__all__ = ["Module", "Loop", "Branch", "Ctx", "StepCall"]

_PHASE = re.compile(r"phase|mode|split|stage")
_TRAINS = re.compile(r"^(train|fit)(_(one|an|single))?(_epoch|_loop|_step)?(_fn|_func)?$|^(run|do)_(train_)?epoch$|"
                     r"^train_(model|fn|func)$|^training_loop$")
_RANGES = ("range", "trange", "tnrange")
_ORDER = itertools.count()


@dataclass
class Module(Values, Passing):
    """The analysed module: scopes, tracked objects and every ``.step()`` call in context."""

    tree: ast.Module
    # (module name, relative level) -> (parsed tree, path) of a sibling module, when a folder is checked
    resolve: "Callable[[str, int], tuple[ast.Module, str] | None] | None" = None
    source: str = ""   # the file's text, for what only its comments say (a scheduler commented out: LR009)
    imports: Imports = field(init=False)
    res: Resolver = field(init=False)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    functions: dict[str, ast.FunctionDef] = field(default_factory=dict)
    methods: dict[tuple[str, str], ast.FunctionDef] = field(default_factory=dict)
    scopes: dict[int, Scope] = field(default_factory=dict)
    class_objs: dict[str, dict[str, Obj]] = field(default_factory=dict)
    owner: dict[int, str] = field(default_factory=dict)     # function node id -> class name
    sched_steps: list[StepCall] = field(default_factory=list)
    opt_steps: list[StepCall] = field(default_factory=list)
    mode_calls: list[tuple[Obj, str, ast.Call]] = field(default_factory=list)   # optimizer.train() / .eval()
    loops: list[Loop] = field(default_factory=list)
    order_issues: list[tuple[StepCall, StepCall]] = field(default_factory=list)
    trainer_calls: list[tuple[ast.Call, Ctx]] = field(default_factory=list)
    engine_steps: list[tuple[Obj, ast.Call, Ctx]] = field(default_factory=list)
    accelerators: list[ast.Call] = field(default_factory=list)
    lr_writes: list[StepCall] = field(default_factory=list)   # `group["lr"] = ...` on a tracked optimizer
    _all: list[Obj] | None = None
    _pending: list[tuple[Scope, str, ast.expr, str | None]] = field(default_factory=list)
    _cands: dict[tuple[int, str], list[Obj]] = field(default_factory=dict)
    _lightning_cache: dict[str, list[Obj]] = field(default_factory=dict)
    _pending_unpack: list[tuple[Scope, ast.AST, ast.Call, str | None]] = field(default_factory=list)
    _params: dict[tuple[int, str], Obj] = field(default_factory=dict)
    _cli: dict[str, object] | None = None
    # (class, attr) -> every (value, scope) its methods assign to `self.attr` (Passing.self_value reads one back)
    self_assigns: dict[tuple[str, str], list[tuple[ast.expr, Scope]]] = field(default_factory=dict)
    sole_call: dict[int, ast.Call] = field(default_factory=dict)
    trains_calls: list[list[Obj]] = field(default_factory=list)   # optimizers given to another module's train()   # function -> its one call in the file
    _comp_objs: dict[int, Obj | None] = field(default_factory=dict)   # list-comprehension items (values._loop_items)
    _dead_busy: set[int] = field(default_factory=set)   # ifs whose arms values._dead_arm is judging

    def __post_init__(self) -> None:
        # one pass over the tree: every node, and each node's parent
        self.nodes: list[ast.AST] = []
        self.parents: dict[int, ast.AST] = {}
        stack: list[ast.AST] = [self.tree]
        while stack:
            n = stack.pop()
            self.nodes.append(n)
            for c in ast.iter_child_nodes(n):
                self.parents[id(c)] = n
                stack.append(c)
        self.imports = Imports(self.tree)
        self.res = Resolver(self.imports)
        for n in self.nodes:
            if isinstance(n, ast.ClassDef):
                self.classes[n.name] = n
                for m in n.body:
                    if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        self.methods[(n.name, m.name)] = m
                        self.owner[id(m)] = n.name
        self.res.batching = batching_classes(self.classes)
        self.res.classes = self.classes
        self.res.cli, self.res.attr = self._cli_value, self._self_value
        for n in _module_level(self.tree.body):   # also defs under `if __name__ == "__main__":` / try blocks
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions.setdefault(n.name, n)
        self.node_path: dict[int, str] = {}        # nodes of sibling modules -> their file
        self.foreign_modules: dict[str, dict[str, ast.FunctionDef]] = {}
        foreign = self._link_siblings() if self.resolve is not None else []
        self.module_scope = self._scope(self.tree, None)
        for fn in foreign:
            self._scope(fn, self.module_scope)
        # breadth first: an enclosing function's scope exists before its inner ones (also inside a sibling
        # module's adopted functions, whose nested defs a walk may call)
        for root in [self.tree, *foreign]:
            for n in ast.walk(root):
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and id(n) not in self.scopes:
                    self._scope(n, self.scopes.get(id(self.enclosing_function(n)), self.module_scope))
        self._foreign = foreign
        self._record_passed()
        for _ in range(3):   # factories that return factories' results
            self._resolve_pending()
        self._resolve_unpack()
        self._bind_constructors()
        self._walk_roots()





















    # -- the walk -------------------------------------------------------------------------------
    def _walk_roots(self) -> None:
        self._body(self.tree.body, Ctx(self.module_scope, root=id(self.tree)))
        named = unread_functions(self.nodes)
        for n in self.nodes:
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                ctx = Ctx(self.scopes[id(n)], cls=self.owner.get(id(n)), stack=(n,), root=id(n))
                self._body(n.body, ctx)
                if id(n) in named:   # a file's `train_model(...)` that another module calls once per epoch
                    self._order(n.body, ctx, n, outside_loops=True)

    def _body(self, stmts: list[ast.stmt], ctx: Ctx) -> None:
        for s in stmts:
            self._stmt(s, ctx)

    def _stmt(self, s: ast.stmt, ctx: Ctx) -> None:
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return
        if isinstance(s, (ast.For, ast.AsyncFor, ast.While)):
            loop = Loop(*self._loop_kind(s, ctx), scope=ctx.scope)
            self.loops.append(loop)
            inner = replace(ctx, loops=ctx.loops + (loop,), guards=(), path=ctx.path + (loop,))
            self._calls(s.iter if not isinstance(s, ast.While) else s.test, ctx)
            self._body(s.body, inner)
            self._order(s.body, inner, s)
            self._body(s.orelse, ctx)
            return
        if isinstance(s, ast.If) and _main_guard(s.test):
            self._body(s.body, ctx)   # `if __name__ == "__main__":` is how the script runs: no choice
            return
        if isinstance(s, ast.If):
            self._calls(s.test, ctx)
            rebound = self.rebound_test(s.test, ctx)
            known = rebound if rebound is not None else self.static_test(s.test, ctx)
            for key, body in ((True, s.body), (False, s.orelse)):
                if known is not None and key != known:
                    continue   # `step = "epoch"` ... `if step == "batch":` never runs
                # a test that is always so (a scheduler compared with a string) is no choice: its arm runs
                inner = ctx if rebound is not None else replace(
                    ctx, guards=ctx.guards + (s,), cond=True, path=ctx.path + (Branch(s, key, s.test),))
                self._body(body, inner)
            return
        if isinstance(s, (ast.With, ast.AsyncWith)):
            acc = ctx.in_accumulate
            for item in s.items:
                self._calls(item.context_expr, ctx)
                e = item.context_expr
                if isinstance(e, ast.Call) and ident(e.func) == "accumulate":
                    acc = True
            self._body(s.body, replace(ctx, in_accumulate=acc))
            return
        if isinstance(s, ast.Try) or type(s).__name__ == "TryStar":
            self._body(s.body, ctx)
            for h in s.handlers:
                self._body(h.body, ctx)
            self._body(s.orelse, ctx)
            self._body(s.finalbody, ctx)
            return
        if isinstance(s, ast.Match):
            for i, case in enumerate(s.cases):
                self._body(case.body, replace(ctx, guards=ctx.guards + (s,), cond=True,  # type: ignore[arg-type]
                                              path=ctx.path + (Branch(s, i, None),)))
            return
        if isinstance(s, ast.Assign):
            self._lr_write(s, ctx)
        self._calls(s, ctx)

    def _lr_write(self, s: ast.Assign, ctx: Ctx) -> None:
        """``for g in opt.param_groups: g["lr"] = v`` or ``opt.param_groups[0]["lr"] = v``: a hand-written LR on
        ``opt``. A value that reads the current LR or a scheduler's (``g["lr"] * 0.5``, ``get_last_lr()``)
        composes with a scheduler instead of replacing it, and is not recorded."""
        for t in s.targets:
            if not (isinstance(t, ast.Subscript) and isinstance(t.slice, ast.Constant) and t.slice.value == "lr"):
                continue
            base, holder = t.value, None
            if isinstance(base, ast.Subscript) and isinstance(base.value, ast.Attribute) \
                    and base.value.attr == "param_groups":
                holder = base.value.value
            elif isinstance(base, ast.Name):
                holder = next((lp.node.iter.value for lp in reversed(ctx.path) if isinstance(lp, Loop)
                               and isinstance(lp.node, ast.For) and ident(lp.node.target) == base.id
                               and isinstance(lp.node.iter, ast.Attribute) and lp.node.iter.attr == "param_groups"),
                              None)
            if holder is None or any(
                    (isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Constant) and n.slice.value == "lr")
                    or (isinstance(n, ast.Attribute) and n.attr in ("get_last_lr", "get_lr", "_last_lr"))
                    or (isinstance(n, (ast.Name, ast.Attribute)) and any(
                        o.kind == "scheduler" for o in self.lookup_all(n, ctx))) for n in ast.walk(s.value)):
                continue
            for obj in self.lookup_all(holder, ctx):
                if obj.kind == "optimizer":
                    self.lr_writes.append(StepCall(obj, s, ctx, ctx.cond, ctx.path, next(_ORDER)))  # type: ignore

    def static_test(self, t: ast.expr, ctx: Ctx) -> bool | None:
        """``name == "text"`` (or ``!=``) where the name holds one string constant in the file: its outcome."""
        cmp = _name_vs_text(t)
        if cmp is None:
            return None
        v = self.res.value(cmp[0], ctx.scope)
        if not isinstance(v, str):
            return None
        return (v == cmp[1]) == isinstance(t.ops[0], ast.Eq)

    def rebound_test(self, t: ast.expr, ctx: Ctx) -> bool | None:
        """``name == "text"`` (``!=``, ``in``, ``not in`` a tuple of texts) after ``if name == "text": name =
        OneCycleLR(...)`` in the same function: every text tested now made an arm replace the option string by
        the object it chose, and an object never equals a string (nor an integer flag, ``scheduler = 1`` ... ``if
        scheduler == 1: scheduler = ReduceLROnPlateau(...)``), so the test is always False (``!=``, ``not in``:
        True). None when that cannot be shown."""
        cmp = _name_vs_words(t)
        if cmp is None:
            return None
        name, words, positive = cmp[0].id, cmp[1], cmp[2]
        scope = ctx.scope.scope_of_value(name)
        if scope is not ctx.scope:   # lines are an order only within one body
            return None
        rebound: set[str] = set()
        first = None
        for n in walk_no_defs(scope.node):
            arm = _name_vs_words(n.test) if isinstance(n, ast.If) and n is not t \
                and (n.end_lineno or n.lineno) < t.lineno else None
            if arm is not None and arm[0].id == name and arm[2] and any(
                    isinstance(a, ast.Assign) and any(isinstance(x, ast.Name) and x.id == name for x in a.targets)
                    and not isinstance(a.value, ast.Constant) for st in n.body for a in [st, *walk_no_defs(st)]):
                rebound |= arm[1]
                first = n if first is None or n.lineno < first.lineno else first
        if first is None or not words <= rebound:
            return None   # a text no arm replaced may still be there
        for v in scope.assigns.get(name, []):   # no string put back into the name after the rebinding
            if v is _PLACEHOLDER or (isinstance(v, ast.Constant) and isinstance(v.value, (str, int))
                                     and v.lineno > first.lineno):
                return None
        if not self.lookup_all(cmp[0], ctx):
            return None   # what the arm put there is not a tracked object (it may be another string)
        return not positive

    def _calls(self, node: ast.AST, ctx: Ctx) -> None:
        calls = [n for n in [node, *walk_no_defs(node)] if isinstance(n, ast.Call)]
        calls.sort(key=lambda c: (c.lineno, c.col_offset))
        arms: dict[int, Branch] = {}
        for n in [node, *walk_no_defs(node)]:
            if isinstance(n, ast.IfExp):
                for key, part in ((True, n.body), (False, n.orelse)):
                    for m in ast.walk(part):
                        arms.setdefault(id(m), Branch(n, key, n.test))
        for call in calls:
            f = call.func
            arm = arms.get(id(call))
            path = ctx.path + ((arm,) if arm is not None else ())
            if isinstance(f, ast.Attribute) and f.attr == "step" and call.args and "scaler" in text(f.value).lower():
                # `scaler.step(optimizer)` (AMP) steps the optimizer
                for obj in self.lookup_all(call.args[0], ctx):
                    if obj.kind == "optimizer":
                        self.opt_steps.append(StepCall(obj, call, ctx, ctx.cond or arm is not None, path, next(_ORDER)))
                continue
            if isinstance(f, ast.Attribute) and f.attr in ("step", "train", "eval"):
                for obj in self.lookup_all(f.value, ctx):
                    if f.attr != "step":
                        if obj.kind == "optimizer":
                            self.mode_calls.append((obj, f.attr, call))
                        continue
                    ev = StepCall(obj, call, ctx, ctx.cond or arm is not None, path, next(_ORDER))
                    if obj.kind == "scheduler":
                        self.sched_steps.append(self._own_run(ev))
                    elif obj.kind == "optimizer":
                        self.opt_steps.append(ev)
                    elif obj.kind == "engine":
                        self.engine_steps.append((obj, call, ctx))
                        if obj.wraps is not None:
                            self.sched_steps.append(replace(ev, obj=obj.wraps, by="deepspeed"))
                if f.attr == "step":
                    continue
            q = self.imports.qual(f) or ""
            if q.startswith("transformers.") and q.endswith("Trainer"):
                self.trainer_calls.append((call, ctx))
            callee, cls = self._callee(f, ctx)
            if callee is not None and callee not in ctx.stack and len(ctx.stack) < 4 and id(callee) in self.scopes:
                self._body(callee.body, Ctx(self.scopes[id(callee)], cls=cls,
                                            bindings=self._closure_bind(callee, call, ctx),
                                            loops=ctx.loops, guards=ctx.guards, stack=ctx.stack + (callee,),
                                            cond=ctx.cond, path=path, root=ctx.root, in_accumulate=ctx.in_accumulate))

    def _own_run(self, ev: StepCall) -> StepCall:
        """The step call without the loops that start a new run with a new scheduler on every pass: those of
        the callers of the function that builds it (``def train(...): sched = LambdaLR(...)`` called in ``for
        fold in range(5):`` or ``for subject in subjects:``), and loops of unknown kind around its constructor
        (``for fold, (tr, te) in enumerate(kfold.split(x)): sched = ...; train(..., sched)``). They say nothing
        about how often one scheduler is stepped. An epoch or batch loop around the constructor stays (LR022)."""
        o = ev.obj
        fn = o.scope.node if o.scope is not None else None
        stack = ev.ctx.stack
        k = next((i for i, f in enumerate(stack) if f is fn), None)
        frames = {id(f) for f in stack[k:]} if k is not None else None
        around: set[int] = set()
        n = self.parents.get(id(o.node)) if isinstance(o.node, ast.Call) else None
        while n is not None and not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            around.add(id(n))
            n = self.parents.get(id(n))

        def own(x: object) -> bool:
            if not isinstance(x, Loop):
                return True
            return (frames is None or id(x.scope.node) in frames) and not (x.kind is None and id(x.node) in around)

        if all(own(x) for x in ev.path):
            return ev
        ctx = replace(ev.ctx, loops=tuple(filter(own, ev.ctx.loops)), path=tuple(filter(own, ev.ctx.path)))
        return replace(ev, ctx=ctx, path=tuple(filter(own, ev.path)))

    def callee_of(self, call: ast.Call, ctx: Ctx) -> ast.FunctionDef | None:
        """The function of this file (or a followed sibling module) that ``call`` runs, when the walk can tell."""
        return self._callee(call.func, ctx)[0]

    def _callee(self, f: ast.AST, ctx: Ctx) -> tuple[ast.FunctionDef | None, str | None]:
        if isinstance(f, ast.Name) and f.id in self.functions:
            return self.functions[f.id], None
        if isinstance(f, ast.Name) and ctx.stack:
            # `def run_epoch(): ...` nested in main() and called from main()'s loop
            for st in _module_level(ctx.stack[-1].body):
                if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)) and st.name == f.id:
                    return st, None
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name):
            if f.value.id == "self" and ctx.cls:
                return self.methods.get((ctx.cls, f.attr)), ctx.cls
            if f.value.id in self.foreign_modules:
                return self.foreign_modules[f.value.id].get(f.attr), None
            # `trainer.fit()` on an instance of a class of this file
            v = ctx.scope.value_of(f.value.id)
            if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id in self.classes:
                return self.methods.get((v.func.id, f.attr)), v.func.id
        return None, None

    def _closure_bind(self, fn: ast.FunctionDef, call: ast.Call, ctx: Ctx) -> tuple[tuple[str, Obj], ...]:
        """:meth:`_bind`, and for a def nested in the function being walked (a closure), also what that function's
        own parameters are bound to, for the names the nested def does not take itself."""
        own = self._bind(fn, call, ctx)
        if not (ctx.stack and any(n is fn for n in ast.walk(ctx.stack[-1])) and fn is not ctx.stack[-1]):
            return own
        params = {a.arg for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs}
        return own + tuple((k, o) for k, o in ctx.bindings if k not in params)

    def _bind(self, fn: ast.FunctionDef, call: ast.Call, ctx: Ctx) -> tuple[tuple[str, Obj], ...]:
        params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
        if self.owner.get(id(fn)) and params and params[0] in ("self", "cls"):
            params = params[1:]
        pairs = []
        for p, a in zip(params, call.args):
            if isinstance(a, ast.Starred):
                break
            pairs.append((p, a))
        pairs += [(kw.arg, kw.value) for kw in call.keywords if kw.arg]
        out = []
        for p, a in pairs:
            objs = self.lookup_all(a, ctx)
            out += [(p, obj) for obj in objs]
            if not objs:   # a list of optimizers or schedulers: `for opt in optimizers` inside sees each one
                out += [(ITEMS + p, obj) for obj in self.list_items(a, ctx)]
        return tuple(out)

    # -- loops ----------------------------------------------------------------------------------
    def _loop_kind(self, node: ast.For | ast.AsyncFor | ast.While,
                   ctx: Ctx) -> tuple[str | None, ast.AST, ast.expr | None]:
        if isinstance(node, ast.While):
            return self._while_kind(node, ctx)
        target = node.target
        if isinstance(target, ast.Tuple) and target.elts:
            names = [ident(e) or "" for e in target.elts]
        else:
            names = [ident(target) or ""]
        tname = " ".join(names).lower()
        kind, stop = self.iter_kind(node.iter, ctx, tname)
        if kind is None and "epoch" not in tname and _slices_batches(node):
            kind = "batch"
        if kind is None and stop is not None and "epoch" in tname and passes_over_loader(self, node, ctx, calls=True):
            kind = "epoch"   # `for epoch in range(args.end_iter): train(args, epoch, train_loader, ...)`
        return kind, node, stop

    def iter_kind(self, it: ast.AST, ctx: Ctx, tname: str = "", depth: int = 0) -> tuple[str | None, ast.expr | None]:
        """What a loop over ``it`` iterates: ("epoch" | "batch" | "other" | None, the range bound)."""
        if depth > 6:
            return None, None
        if isinstance(it, ast.NamedExpr):   # `for batch in (pbar := tqdm(loader)):`
            return self.iter_kind(it.value, ctx, tname, depth + 1)
        if isinstance(it, (ast.List, ast.Tuple, ast.Set)) and all(isinstance(e, ast.Constant) for e in it.elts):
            return "other", None
        # `for opt in [opt_g, opt_d]`, `for s in [StepLR(o, 30) for o in optimizers]`: each object once
        if isinstance(it, (ast.List, ast.Tuple)) and it.elts and all(
                (o := self.lookup(e, ctx)) is not None and o.kind in ("optimizer", "scheduler") for e in it.elts):
            return "other", None
        if isinstance(it, ast.Name) and any(k == ITEMS + it.id for k, _ in ctx.bindings):
            return "other", None
        if isinstance(it, ast.ListComp) and isinstance(it.elt, ast.Call) and (
                o := classify_call(it.elt, self.imports, self.classes)) is not None \
                and o.kind in ("optimizer", "scheduler"):
            return "other", None
        if isinstance(it, ast.Call):
            fname = ident(it.func) or ""
            if fname in _RANGES and it.args and len(it.args) <= 3:   # trange(1, n + 1, desc=...): tqdm's keywords
                stop = it.args[0] if len(it.args) == 1 else it.args[1]
                if _PHASE.search(tname) and isinstance(stop, ast.Constant) and stop.value in (2, 3):
                    return "other", None   # `for phase in range(2):` train and validation, once each
                size = self.res.sizing(stop, ctx.scope)
                if size is None:
                    size = self._loop_sizing(stop, ctx)
                if size is None and len(it.args) >= 2:   # range(start_epoch, start_epoch + 100)
                    size = self._loop_sizing(it.args[0], ctx)
                if size == "epochs" or (size is None and ("epoch" in tname or tname in ("ep", "i_ep", "ep_idx"))):
                    return "epoch", stop
                if size == "steps" and "epoch" not in tname:
                    return "batch", stop
                if size == "samples" and len(it.args) == 3:   # range(0, len(data), batch_size)
                    return "batch", stop
                return None, stop
            if fname in WRAPPERS or (isinstance(it.func, ast.Attribute) and fname in ("log_every",)):
                if fname == "zip":
                    if any(self.list_items(a, ctx) for a in it.args):
                        return "other", None   # zip(loaders, optimizers, schedulers): one model at a time
                    kinds = [self.iter_kind(a, ctx, tname, depth + 1)[0] for a in it.args]
                    return ("batch", None) if "batch" in kinds else (None, None)
                if it.args:
                    return self.iter_kind(it.args[0], ctx, tname, depth + 1)
                return None, None
            obj = self.lookup(it, ctx)
            if (obj is not None and obj.kind == "loader") or fname in self.res.batching:
                return "batch", None   # (or a loader class of the file: `ShardBatches(path, batch_size=16)`)
            if fname in ("items", "keys", "values", "parameters", "named_parameters", "modules", "children"):
                return "other", None
        obj = self.lookup(it, ctx)
        if obj is not None and obj.kind == "loader":
            return "batch", None
        if isinstance(it, ast.Name):
            home = ctx.scope.scope_of_value(it.id)
            vals = home.assigns.get(it.id, []) if it.id in home.assigns else []
            if not vals and ctx.scope.value_of(it.id) is not None:
                vals = [ctx.scope.value_of(it.id)]
            found = [self.iter_kind(v, replace(ctx, scope=home), tname, depth + 1)
                     for v in vals if v is not _PLACEHOLDER and not isinstance(v, ast.Starred)]
            # `bar = trange(epochs)` bound twice alike: one kind (the bound kept only when the same text)
            if found and len({k for k, _ in found}) == 1 and all(v is not _PLACEHOLDER for v in vals):
                kind, stop = found[0]
                if kind is not None:
                    same = len({ast.dump(st) if st is not None else None for _, st in found}) == 1
                    return kind, stop if same else None
        name = ident(it.func) if isinstance(it, ast.Call) else ident(it)
        if isinstance(it, ast.Subscript):
            name = ident(it.value)
        if name and LOADER_WORD.search(name.lower()):
            return "batch", None
        return None, None

    def _loop_sizing(self, stop: ast.AST, ctx: Ctx) -> str | None:
        """Loop bounds may be read by name more freely than lengths: ``range(args.max_iter)`` counts steps."""
        if isinstance(stop, ast.BinOp) and isinstance(stop.op, (ast.Add, ast.Sub)) \
                and isinstance(stop.right, ast.Constant):
            stop = stop.left   # range(1, args.epochs + 1)
        name = ident(stop)
        if isinstance(stop, ast.Subscript) and isinstance(stop.slice, ast.Constant) and isinstance(stop.slice.value, str):
            name = stop.slice.value   # range(args["max_epochs"]), range(cfg["train"]["epochs"])
        if name is None:
            return None
        low = name.lower()
        if "epoch" in low and "per_epoch" not in low and "epoch_" not in low:
            return "epochs"
        if re.match(r"(max|num|n|total|nb)_?eps?$", low):   # max_eps, n_ep, num_eps: an epoch count
            return "epochs"
        if any(w in low for w in ("iter", "step", "batches", "updates")) and "epoch" not in low:
            return "steps"
        return None

    def _while_kind(self, node: ast.While, ctx: Ctx) -> tuple[str | None, ast.AST, ast.expr | None]:
        # `while step < max_steps` / `while epoch < epochs`: the bound names the unit
        test = node.test
        if isinstance(test, ast.Compare) and len(test.comparators) == 1:
            bound = test.comparators[0]
            size = self.res.sizing(bound, ctx.scope) or self._loop_sizing(bound, ctx)
            if size == "epochs":
                return "epoch", node, bound
            if size == "steps":
                return "batch", node, bound
        # `while True: batch = next(it)` with `it = iter(train_loader)`
        for n in walk_no_defs(node):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "next" and n.args:
                kind, _ = self.iter_kind(n.args[0], ctx)
                if kind == "batch":
                    return "batch", node, None
        if passes_over_loader(self, node, ctx):   # `while True:` around `for batch in train_loader:`
            return "epoch", node, None
        return None, node, None

    # -- order of scheduler/optimizer steps in one loop body (LR010) -----------------------------
    def _order(self, body: list[ast.stmt], ctx: Ctx, loop: ast.AST, outside_loops: bool = False) -> None:
        guarded: dict[int, int] = {}   # node -> the innermost if/match around it in this loop body
        for s in body:
            for n in [s, *walk_no_defs(s)]:
                if isinstance(n, (ast.If, ast.Match)) and not _none_check(n):
                    for m in walk_no_defs(n):
                        guarded[id(m)] = id(n)
        events: list[tuple[tuple[int, int], str, Obj, ast.Call, int | None, ast.AST]] = []
        for s in body:
            self._order_events(s, ctx, events, guarded, None, 0)
        events.sort(key=lambda e: e[0])
        seen_opt: set[int] = set()
        for pos, kind, objs, call, guard, where in events:
            if kind == "opt":
                seen_opt |= {id(o) for o in objs}
                continue
            if outside_loops and (not step_outside_loops(call, where, loop, self.parents) or call.args or call.keywords):
                continue   # `self.scheduler.step(epoch - 1)` at the top of an epoch method sets the position itself
            for obj in objs:
                if (obj.lib == "local" and not self._torch_based(obj.cls)) or obj.lib == "timm":
                    continue   # its step() may set the LR for the coming update (timm's step(epoch) does)
                opts = self.lookup_all(obj.arg("optimizer"),
                                       Ctx(obj.scope or ctx.scope, cls=ctx.cls, bindings=ctx.bindings))
                ids = {id(o) for o in opts}
                if obj.lib == "unknown":   # a scheduler passed in: whichever optimizer this body steps
                    if self.imports.own_schedulers() or self._own_lr_classes():
                        continue   # the project has scheduler classes of its own, which may step first
                    ids = {id(o) for e in events if e[1] == "opt" for o in e[2]}
                if not ids or ids & seen_opt:
                    continue
                # a guarded scheduler step counts only against an optimizer step under the same guard; an unguarded
                # one runs on every pass, before the optimizer steps that follow it, guarded or not
                later = [e for e in events if e[1] == "opt" and ids & {id(o) for o in e[2]} and e[0] > pos
                         and (e[4] == guard or guard is None)]
                if not later and guard is not None and self._first_pass(where, loop, ctx):
                    # `if epoch > warm: sched.step()` that holds on the first pass: it runs before them all
                    later = [e for e in events if e[1] == "opt" and ids & {id(o) for o in e[2]} and e[0] > pos
                             and e[4] is None]
                if later:
                    self.order_issues.append((StepCall(obj, call, ctx), StepCall(later[0][2][0], later[0][3], ctx)))
                    break

    def _first_pass(self, node: ast.AST, loop: ast.AST, ctx: Ctx) -> bool:
        """Every ``if`` arm between ``node`` and its loop runs on the first pass of the loops around it
        (whenever it runs at all): ``firstpass.holds_first``."""
        def value(e: ast.expr) -> object:
            return self.constant(e, ctx.scope)
        loops = [x.node for x in ctx.path if isinstance(x, Loop)]
        first: dict[str, object] = {}
        varying: set[str] = set()
        for lp in loops:
            first.update(first_value(lp, value))
            for n in walk_no_defs(lp):
                for t in _targets(n):
                    varying |= {ast.unparse(x) for x in ast.walk(t) if isinstance(x, (ast.Name, ast.Attribute))}
        varying -= set(first)
        child, parent = node, self.parents.get(id(node))
        while parent is not None and parent is not loop:
            if isinstance(parent, ast.Match):
                return False
            if isinstance(parent, ast.If) and not _none_check(parent):
                key = any(child is st for st in parent.body)
                if holds_first(parent.test, key, first, varying, value) is not True:
                    return False
            child, parent = parent, self.parents.get(id(parent))
        return parent is loop

    def _own_lr_classes(self) -> bool:
        """The file defines a scheduler class of its own (a ``step()`` that writes ``param_groups``' LRs, not based
        on a torch scheduler), whose step may set the LR for the coming update."""
        return any((name, "step") in self.methods and not self._torch_based(name)
                   and any(ident(n) == "param_groups" for n in ast.walk(self.methods[(name, "step")]))
                   for name in self.classes)

    def _torch_based(self, cls_name: str) -> bool:
        """A class of the file that extends a torch scheduler (so torch's step order applies to it)."""
        cls = self.classes.get(cls_name)
        return cls is not None and any(
            re.search(r"(LRScheduler|_LRScheduler|LambdaLR|StepLR|CosineAnnealingLR|OneCycleLR)$",
                      self.imports.qual(b) or ident(b) or "") for b in cls.bases)

    def _order_events(self, s: ast.AST, ctx: Ctx, events: list, guarded: set[int], site: ast.Call | None,
                      depth: int, prefix: tuple[int, ...] = ()) -> None:
        calls = [n for n in [s, *walk_no_defs(s)] if isinstance(n, ast.Call)]
        calls.sort(key=lambda c: (c.lineno, c.col_offset))
        for n in calls:
            f = n.func
            where = site or n
            pos = prefix + (n.lineno, n.col_offset)
            if isinstance(f, ast.Attribute) and f.attr == "step":
                objs = [o for o in self.lookup_all(f.value, ctx)
                        if not (o.lib == "unknown" and o.kind == "scheduler" and (n.args or n.keywords))]
                for kind in ("scheduler", "optimizer"):
                    some = [o for o in objs if o.kind == kind]
                    if some:
                        events.append((pos, "sched" if kind == "scheduler" else "opt", some, n,
                                       guarded.get(id(where)), where))
                continue
            callee, cls = self._callee(f, ctx)
            if callee is None and _TRAINS.search(ident(f) or ""):
                # `train(model, loader, optimizer)` from another module steps the optimizer it is given
                opts = [o for a in [*n.args, *(k.value for k in n.keywords)]
                        for o in [self.lookup(a, ctx)] if o is not None and o.kind == "optimizer"]
                if opts:
                    events.append((pos, "opt", opts, n, guarded.get(id(where)), where))
                    self.trains_calls.append(opts)
                continue
            if callee is not None and depth < 2 and callee not in ctx.stack:
                sub = Ctx(self.scopes[id(callee)], cls=cls, bindings=self._bind(callee, n, ctx),
                          stack=ctx.stack + (callee,))
                for st in callee.body:
                    self._order_events(st, sub, events, guarded, where, depth + 1, pos)


def _main_guard(t: ast.AST) -> bool:
    """``__name__ == "__main__"`` (either side)."""
    return isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.ops[0], ast.Eq) and {
        ast.dump(t.left), ast.dump(t.comparators[0])} == {ast.dump(ast.Name("__name__", ast.Load())),
                                                          ast.dump(ast.Constant("__main__"))}


def _name_vs_text(t: ast.AST, flags: bool = False) -> tuple[ast.Name, str | int] | None:
    """``name == "text"`` / ``name != "text"`` (either side): the name and the text (with ``flags``, also an
    integer flag: ``scheduler == 1``)."""
    if not (isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.ops[0], (ast.Eq, ast.NotEq))):
        return None
    left, right = t.left, t.comparators[0]
    if isinstance(left, ast.Constant):
        left, right = right, left
    if not (isinstance(left, ast.Name) and isinstance(right, ast.Constant) and (isinstance(right.value, str) or (
            flags and isinstance(right.value, int) and not isinstance(right.value, bool)))):
        return None
    return left, right.value


def _name_vs_words(t: ast.AST) -> tuple[ast.Name, frozenset[str | int], bool] | None:
    """``name == "a"`` / ``name in ("a", "b")`` -> (name, {"a", "b"}, True); ``!=`` / ``not in`` -> False.
    An integer flag (``name == 1``) is a word too."""
    one = _name_vs_text(t, flags=True)
    if one is not None:
        return one[0], frozenset([one[1]]), isinstance(t.ops[0], ast.Eq)
    if not (isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.ops[0], (ast.In, ast.NotIn))
            and isinstance(t.left, ast.Name) and isinstance(t.comparators[0], (ast.Tuple, ast.List, ast.Set))):
        return None
    elts = t.comparators[0].elts
    if not elts or not all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in elts):
        return None
    return t.left, frozenset(e.value for e in elts), isinstance(t.ops[0], ast.In)


def _targets(n: ast.AST) -> list[ast.AST]:
    if isinstance(n, ast.Assign):
        return list(n.targets)
    if isinstance(n, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor, ast.NamedExpr)):
        return [n.target]
    if isinstance(n, ast.withitem) and n.optional_vars is not None:
        return [n.optional_vars]
    return []


def _module_level(stmts: list[ast.stmt]) -> list[ast.stmt]:
    """The module's statements, also those inside module-level ``if``/``try``/``with`` blocks (not in defs)."""
    out: list[ast.stmt] = []
    for st in stmts:
        out.append(st)
        if isinstance(st, (ast.If, ast.Try, ast.With)) or type(st).__name__ == "TryStar":
            for part in ("body", "orelse", "finalbody"):
                out += _module_level(getattr(st, part, []) or [])
            for h in getattr(st, "handlers", []) or []:
                out += _module_level(h.body)
    return out


def _none_check(n: ast.AST) -> bool:
    """An ``if`` with no else that decides whether, not when, a call runs: ``if scheduler:``,
    ``if scheduler is not None:``, ``if phase == "train":``, ``if model.training:``."""
    if not isinstance(n, ast.If):
        return False
    t = n.test
    if isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.ops[0], ast.Eq):
        return train_phase(t)
    if n.orelse:
        return False
    if isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.ops[0], ast.IsNot) \
            and isinstance(t.comparators[0], ast.Constant) and t.comparators[0].value is None:
        t = t.left
    if isinstance(t, (ast.Name, ast.Attribute)) and ident(t) in ("training", "is_training", "train_mode", "is_train"):
        return True
    return isinstance(t, (ast.Name, ast.Attribute)) and bool(re.search(r"sched|lr_s", text(t).lower()))


def train_phase(t: ast.Compare) -> bool:
    """``phase == "train"``, or ``phase == 0`` for a phase counter (``for phase in range(2)``)."""
    consts = [c.value for c in (t.left, *t.comparators) if isinstance(c, ast.Constant)]
    names = [ident(x) or "" for x in (t.left, *t.comparators) if not isinstance(x, ast.Constant)]
    return any(isinstance(c, str) and c.lower() in ("train", "training") for c in consts) or (
        consts == [0] and any(_PHASE.search(n.lower()) for n in names))


def _slices_batches(node: ast.For | ast.AsyncFor) -> bool:
    """``for s in starts: loss = f(X[s:s + bs]); loss.backward()``: a loop whose variable starts a slice of the data
    and whose body back-propagates draws one batch a pass, whatever it iterates (a list of start indices,
    ``range(0, n, bs)``)."""
    if not isinstance(node.target, ast.Name):
        return False
    var = node.target.id
    sliced = backward = False
    for n in walk_no_defs(node):
        if isinstance(n, ast.Slice) and isinstance(n.lower, ast.Name) and n.lower.id == var:
            sliced = True
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "backward":
            backward = True
    return sliced and backward
