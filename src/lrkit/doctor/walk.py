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
"""

from __future__ import annotations

import ast
import itertools
import re
from dataclasses import dataclass, field, replace
from typing import Callable

from .symbols import (LOADER_WORD, Imports, Obj, Resolver, Scope, classify_call, ident, key_of,
                      walk_no_defs)

_WRAPPERS = {"enumerate", "tqdm", "track", "iter", "zip", "islice", "prepare", "log_every", "skip_first_batches",
             "tqdm_notebook", "notebook", "auto", "progress", "chain", "cycle", "Prefetcher", "DataPrefetcher",
             "BackgroundGenerator", "CudaDataLoader", "MultiEpochsDataLoader", "list", "trange_wrap", "progressbar",
             "ProgressBar", "alive_it", "prefetch", "sample_loader", "pbar"}
_RANGES = ("range", "trange", "tnrange")
_OPT_NAME = re.compile(r"^(optimizer|optim|opt|optimiser)(_[a-z0-9]+)?$|^[a-z]_?optimizer$")
_SCHED_NAME = re.compile(r"^(lr_)?sched(uler)?s?$|^lr_sched|^(lr|train|main|optim)_?scheduler$")
_PLACEHOLDER = ast.Starred(value=ast.Name(id="?", ctx=ast.Load()), ctx=ast.Load())
_ORDER = itertools.count()


@dataclass(frozen=True)
class Loop:
    kind: str | None          # "epoch" | "batch" | "other" (a fixed literal list) | None (could not tell)
    node: ast.AST
    stop: ast.expr | None     # the range() bound, when the loop is over a range
    scope: Scope


@dataclass(frozen=True)
class Branch:
    """One arm of an ``if`` (``key`` True/False), an ``x if c else y`` or a ``match`` case (``key`` its index)."""

    node: ast.AST
    key: object
    test: ast.AST | None


@dataclass(frozen=True)
class Ctx:
    scope: Scope
    cls: str | None = None
    bindings: tuple[tuple[str, Obj], ...] = ()
    loops: tuple[Loop, ...] = ()
    guards: tuple[ast.If, ...] = ()   # ifs inside the innermost loop
    stack: tuple[ast.AST, ...] = ()
    cond: bool = False                # under an if (any level) of the current root or callee
    path: tuple[Loop | Branch, ...] = ()   # every loop and branch from the root, outermost first
    root: int = 0                     # id of the function (or module) the walk started from
    in_accumulate: bool = False       # inside ``with accelerator.accumulate(...)``


@dataclass
class StepCall:
    obj: Obj
    call: ast.Call
    ctx: Ctx
    conditional: bool = False         # under an if/else expression or statement
    path: tuple[Loop | Branch, ...] = ()
    order: int = 0                    # position in the walk (execution order within one root)
    by: str = "hand"                  # "hand", or the framework that steps it: "deepspeed", "lightning"

    @property
    def via_argument(self) -> bool:
        """The scheduler reached this call as a function argument (one of several possible values)."""
        return any(o is self.obj for _, o in self.ctx.bindings)


@dataclass
class Module:
    """The analysed module: scopes, tracked objects and every ``.step()`` call in context."""

    tree: ast.Module
    # (module name, relative level) -> (parsed tree, path) of a sibling module, when a folder is checked
    resolve: "Callable[[str, int], tuple[ast.Module, str] | None] | None" = None
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
    _all: list[Obj] | None = None
    _pending: list[tuple[Scope, str, ast.expr, str | None]] = field(default_factory=list)
    _cands: dict[tuple[int, str], list[Obj]] = field(default_factory=dict)
    _lightning_cache: dict[str, list[Obj]] = field(default_factory=dict)
    _pending_unpack: list[tuple[Scope, ast.AST, ast.Call, str | None]] = field(default_factory=list)
    _params: dict[tuple[int, str], Obj] = field(default_factory=dict)

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
        for n in self.tree.body:
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions[n.name] = n
        self.node_path: dict[int, str] = {}        # nodes of sibling modules -> their file
        self.foreign_modules: dict[str, dict[str, ast.FunctionDef]] = {}
        foreign = self._link_siblings() if self.resolve is not None else []
        self.module_scope = self._scope(self.tree, None)
        for fn in foreign:
            self._scope(fn, self.module_scope)
        for n in ast.walk(self.tree):   # breadth first: an enclosing function's scope exists before its inner ones
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._scope(n, self.scopes.get(id(self._parent_fn(n)), self.module_scope))
        for _ in range(3):   # factories that return factories' results
            self._resolve_pending()
        self._resolve_unpack()
        self._bind_constructors()
        self._walk_roots()

    def _link_siblings(self) -> list[ast.FunctionDef]:
        """Functions imported from sibling modules (``from engine import train_one_epoch``, ``import engine``)
        become callees of this module's walk; their nodes keep their own file for the findings."""
        out: list[ast.FunctionDef] = []

        def top_functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
            return {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}

        def adopt(fn: ast.FunctionDef, path: str) -> ast.FunctionDef:
            if id(fn) not in self.node_path:
                for n in ast.walk(fn):
                    self.node_path[id(n)] = path
                out.append(fn)
            return fn

        for n in ast.walk(self.tree):
            if isinstance(n, ast.ImportFrom):
                got = self.resolve(n.module or "", n.level)  # type: ignore[misc]
                if got is None:
                    continue
                tree, path = got
                fns = top_functions(tree)
                for a in n.names:
                    if a.name in fns and (a.asname or a.name) not in self.functions:
                        self.functions[a.asname or a.name] = adopt(fns[a.name], path)
            elif isinstance(n, ast.Import):
                for a in n.names:
                    got = self.resolve(a.name, 0)  # type: ignore[misc]
                    if got is not None:
                        tree, path = got
                        self.foreign_modules[a.asname or a.name] = {
                            k: adopt(v, path) for k, v in top_functions(tree).items()}
        return out

    def _parent_fn(self, fn: ast.AST) -> ast.AST | None:
        """The function a function (or a method of a class) is defined in, if any."""
        p = self.parents.get(id(fn))
        while p is not None and not isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)):
            p = self.parents.get(id(p))
        return p

    # -- scopes ---------------------------------------------------------------------------------
    def _scope(self, node: ast.AST, parent: Scope | None) -> Scope:
        scope = Scope(node, parent)
        self.scopes[id(node)] = scope
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            a = node.args
            scope.params = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs]
            scope.params += [x.arg for x in (a.vararg, a.kwarg) if x is not None]
        cls = self.owner.get(id(node))
        body = node.body if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef)) else []
        for stmt in body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self._record(stmt, scope, cls)
                continue
            for n in [stmt, *walk_no_defs(stmt)]:
                self._record(n, scope, cls)
        return scope

    def _record(self, n: ast.AST, scope: Scope, cls: str | None) -> None:
        if isinstance(n, ast.Assign):
            targets, value = n.targets, n.value
        elif isinstance(n, ast.AnnAssign) and n.value is not None:
            targets, value = [n.target], n.value
        elif isinstance(n, ast.withitem) and isinstance(n.optional_vars, ast.Name):
            # `with tqdm(train_loader) as pbar:` binds the context value
            scope.assigns.setdefault(n.optional_vars.id, []).append(n.context_expr)
            return
        elif isinstance(n, (ast.AugAssign, ast.For, ast.AsyncFor, ast.withitem, ast.NamedExpr)):
            t = n.optional_vars if isinstance(n, ast.withitem) else n.target
            for name in ast.walk(t) if t is not None else ():
                if isinstance(name, ast.Name):
                    scope.assigns.setdefault(name.id, []).append(_PLACEHOLDER)
            return
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            scope.assigns.setdefault(n.name, []).append(_PLACEHOLDER)
            return
        else:
            return
        if isinstance(value, ast.Call) and ident(value.func) == "Accelerator":
            self.accelerators.append(value)
        for t in targets:
            if isinstance(t, (ast.Tuple, ast.List)):
                self._record_unpack(t, value, scope, cls)
                continue
            key = key_of(t)
            if key is None:
                continue
            if isinstance(t, ast.Name):
                scope.assigns.setdefault(t.id, []).append(value)
            obj = self._classify(value, scope, cls)
            if obj is None:
                if isinstance(value, (ast.Call, ast.Name, ast.Attribute)):
                    self._pending.append((scope, key, value, cls))
                continue
            self._store(key, obj, scope, cls, ast.unparse(t))

    def _store(self, key: str, obj: Obj, scope: Scope, cls: str | None, name: str) -> None:
        if obj.name == "?":
            obj.name = name
        if obj.scope is None:
            obj.scope = scope
        if key.startswith("self."):
            if cls is not None:
                d = self.class_objs.setdefault(cls, {})
                if key in d and d[key] is not obj:
                    self._cands.setdefault((id(self.classes[cls]), key), [d[key]]).append(obj)
                d[key] = obj
            return
        prev = scope.objs.get(key)
        if prev is not None and prev is not obj:
            self._cands.setdefault((id(scope.node), key), [prev]).append(obj)
        scope.objs[key] = obj

    def _classify(self, value: ast.AST, scope: Scope, cls: str | None) -> Obj | None:
        if isinstance(value, ast.IfExp):   # `StepLR(...) if use_scheduler else None`
            arms = [a for a in (value.body, value.orelse) if not _is_none(a)]
            return self._classify(arms[0], scope, cls) if len(arms) == 1 else None
        obj = classify_call(value, self.imports, self.classes)
        if obj is not None:
            return obj
        # `sched = accelerator.prepare(sched)`: the same object, now stepped through accelerate
        if isinstance(value, ast.Call) and ident(value.func) == "prepare" and len(value.args) == 1:
            inner = self.lookup(value.args[0], Ctx(scope, cls=cls))
            if inner is not None:
                inner.via.add("accelerate")
                return inner
            if LOADER_WORD.search((ident(value.args[0]) or "").lower()):
                return Obj("loader", "prepared", "accelerate", value)
        return None

    def _record_unpack(self, t: ast.Tuple | ast.List, value: ast.AST, scope: Scope, cls: str | None) -> None:
        names = list(t.elts)
        for name in ast.walk(t):
            if isinstance(name, ast.Name):
                scope.assigns.setdefault(name.id, []).append(_PLACEHOLDER)
        if not isinstance(value, ast.Call):
            return
        self._pending_unpack.append((scope, t, value, cls))
        fname = ident(value.func) or ""
        q = self.imports.qual(value.func) or ""
        ctx = Ctx(scope, cls=cls)
        if fname == "prepare" and not any(isinstance(a, ast.Starred) for a in value.args):
            for target, arg in zip(names, value.args):
                key = key_of(target)
                if key is None:
                    continue
                obj = self.lookup(arg, ctx) or classify_call(arg, self.imports, self.classes)
                if obj is None and LOADER_WORD.search((ident(arg) or "").lower()):
                    obj = Obj("loader", "prepared", "accelerate", arg)
                if obj is not None:
                    if obj.kind == "scheduler":
                        obj.via.add("accelerate")
                    self._store(key, obj, scope, cls, ast.unparse(target))
        elif q in ("timm.scheduler.create_scheduler", "timm.scheduler.create_scheduler_v2") and names \
                and key_of(names[0]) is not None:
            self._store(key_of(names[0]), Obj("scheduler", fname, "timm", value), scope, cls, ast.unparse(names[0]))
        elif q.startswith("deepspeed.") and fname == "initialize":
            kws = {k.arg: k.value for k in value.keywords if k.arg}
            sched = self.lookup(kws.get("lr_scheduler"), ctx) if "lr_scheduler" in kws else None
            opt = self.lookup(kws.get("optimizer"), ctx) if "optimizer" in kws else None
            engine = Obj("engine", "DeepSpeedEngine", "deepspeed", value)
            if sched is None and "lr_scheduler" not in kws:
                sched = Obj("scheduler", "deepspeed", "deepspeed", value)
            if sched is not None:
                sched.via.add("deepspeed")
                engine.wraps = sched
            for i, obj in ((0, engine), (1, opt), (3, sched)):
                if obj is not None and i < len(names) and key_of(names[i]) is not None:
                    self._store(key_of(names[i]), obj, scope, cls, ast.unparse(names[i]))

    def _resolve_pending(self) -> None:
        left = []
        for scope, key, value, cls in self._pending:
            objs = self.returned(value, Ctx(scope, cls=cls)) or self.lookup_all(value, Ctx(scope, cls=cls))
            if not objs:
                left.append((scope, key, value, cls))
                continue
            for o in objs:
                if isinstance(o.node, ast.Call) and o.name == ast.unparse(o.node.func):
                    o.name = key
                self._store(key, o, scope, cls, key)
        self._pending = left

    def _resolve_unpack(self) -> None:
        """``opt, sched = build(...)`` from a factory of this file, ``g, d = self.lr_schedulers()`` in Lightning."""
        for scope, t, value, cls in self._pending_unpack:
            names = list(t.elts)
            ctx = Ctx(scope, cls=cls)
            if ident(value.func) == "lr_schedulers" and cls:
                per_pos: list[list[Obj]] = [[o] for o in self.lightning_schedulers(cls)]
            else:
                per_pos = self._returned_tuple(value, ctx, len(names))
            for target, objs in zip(names, per_pos):
                key = key_of(target)
                if key is None or not objs or (key in scope.objs and not key.startswith("self.")):
                    continue
                for o in objs:
                    if isinstance(o.node, ast.Call) and o.name in ("?", ast.unparse(o.node.func)):
                        o.name = key
                    self._store(key, o, scope, cls, ast.unparse(target))

    def _returned_tuple(self, call: ast.Call, ctx: Ctx, n: int) -> list[list[Obj]]:
        fn, cls = self._callee(call.func, ctx)
        if fn is None:
            return []
        sub = Ctx(self.scopes[id(fn)], cls=cls, bindings=self._bind(fn, call, ctx))
        out: list[list[Obj]] = [[] for _ in range(n)]
        for ret in (r for r in walk_no_defs(fn) if isinstance(r, ast.Return) and isinstance(r.value, ast.Tuple)):
            if len(ret.value.elts) != n:
                continue
            for i, v in enumerate(ret.value.elts):
                for o in self.lookup_all(v, sub):
                    if o not in out[i]:
                        out[i].append(o)
        return out

    def returned(self, call: ast.AST, ctx: Ctx) -> list[Obj]:
        """The tracked objects a call to a function or method of this file returns (a factory)."""
        if not isinstance(call, ast.Call):
            return []
        fn, cls = self._callee(call.func, ctx)
        if fn is None:
            return []
        scope = self.scopes[id(fn)]
        bindings = self._bind(fn, call, ctx)
        sub = Ctx(scope, cls=cls, bindings=bindings)
        out: list[Obj] = []
        for ret in (n for n in walk_no_defs(fn) if isinstance(n, ast.Return) and n.value is not None):
            vals = ret.value.elts if isinstance(ret.value, ast.Tuple) else [ret.value]
            for v in vals:
                o = self.lookup(v, sub)
                if o is not None and o.kind == "scheduler":
                    if bindings and not o.bindings:
                        o.bindings = bindings
                    out.append(o)
        return out

    def _bind_constructors(self) -> None:
        """``Trainer(model, optimizer, scheduler)``: the class's ``self.x = param`` attributes hold those objects."""
        for scope in list(self.scopes.values()):
            body = scope.node.body if hasattr(scope.node, "body") else []
            for stmt in body:
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    continue
                for n in [stmt, *walk_no_defs(stmt)]:
                    if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in self.classes):
                        continue
                    init = self.methods.get((n.func.id, "__init__"))
                    if init is None:
                        continue
                    cls = n.func.id
                    bound = dict(self._bind(init, n, Ctx(scope, cls=self.owner.get(id(scope.node)))))
                    if not bound:
                        continue
                    for a in walk_no_defs(init):
                        if isinstance(a, ast.Assign) and isinstance(a.value, ast.Name) and a.value.id in bound:
                            for t in a.targets:
                                k = key_of(t)
                                known = self.class_objs.get(cls, {}).get(k)
                                if k and k.startswith("self.") and (known is None or known.lib == "unknown"):
                                    self.class_objs.setdefault(cls, {})[k] = bound[a.value.id]

    # -- lookups --------------------------------------------------------------------------------
    def lookup(self, expr: ast.AST | None, ctx: Ctx) -> Obj | None:
        """The tracked object an expression refers to (variable, ``self.x``, bound parameter or inline call)."""
        objs = self.lookup_all(expr, ctx)
        return objs[0] if len(objs) == 1 else None

    def lookup_all(self, expr: ast.AST | None, ctx: Ctx) -> list[Obj]:
        """Every tracked object an expression may refer to (several when branches assign different ones)."""
        if isinstance(expr, ast.Call):
            obj = classify_call(expr, self.imports, self.classes)
            if obj is not None:
                obj.name, obj.scope = ast.unparse(expr.func), ctx.scope
                return [obj]
            if ident(expr.func) == "lr_schedulers" and ctx.cls:
                return self.lightning_schedulers(ctx.cls)
            return []
        key = key_of(expr)
        if key is None:
            return []
        bound = [o for k, o in ctx.bindings if k == key]
        if bound:
            return bound
        if key.startswith("self."):
            d = self.class_objs.get(ctx.cls or "", {})
            if key not in d:
                return []
            return list(self._cands.get((id(self.classes[ctx.cls]), key), [d[key]]))
        scope: Scope | None = ctx.scope
        while scope is not None:
            if key in scope.objs:
                cands = self._cands.get((id(scope.node), key))
                if cands:
                    return self._at(list(cands), expr, scope, ctx)
                vals = [v for v in scope.assigns.get(key, []) if not _is_none(v)]
                if len(vals) <= 1 or all(self._same_obj(v, scope.objs[key], scope) for v in vals):
                    return [scope.objs[key]]
                return []
            if key in scope.params and key not in scope.assigns and _SCHED_NAME.search(key):
                return [self._param_obj(scope, key)]
            if key in scope.params and key not in scope.assigns and _OPT_NAME.search(key):
                return [self._param_obj(scope, key, "optimizer")]
            if key in scope.assigns or key in scope.params:
                return []
            scope = scope.parent
        return []

    def _param_obj(self, scope: Scope, name: str, kind: str = "scheduler") -> Obj:
        """A scheduler (or optimizer) that arrives as a parameter, built elsewhere: kind known, arguments not."""
        key = (id(scope.node), name)
        if key not in self._params:
            self._params[key] = Obj(kind, kind, "unknown", scope.node, name=name, scope=scope)
        return self._params[key]

    def _at(self, cands: list[Obj], expr: ast.AST, scope: Scope, ctx: Ctx) -> list[Obj]:
        """Straight-line reassignment (``opt = SGD(...)`` ... ``opt = SGD(...)``): the value a reference sees is
        the last one assigned before it."""
        line = getattr(expr, "lineno", None)
        if line is None or ctx.scope is not scope or not hasattr(scope.node, "body"):
            return cands
        top = {id(st): st.lineno for st in scope.node.body}
        lines = []
        for c in cands:
            st = self._stmt_of(c.node)
            if st is None or id(st) not in top:
                return cands
            lines.append((st.lineno, c))
        before = [(ln, c) for ln, c in lines if ln < line]
        return [max(before, key=lambda x: x[0])[1]] if before else cands

    def _stmt_of(self, node: ast.AST) -> ast.stmt | None:
        while node is not None and not isinstance(node, ast.stmt):
            node = self.parents.get(id(node))
        return node

    def _same_obj(self, value: ast.AST, obj: Obj, scope: Scope) -> bool:
        return value is obj.node or (isinstance(value, ast.Call) and ident(value.func) == "prepare") or (
            isinstance(value, ast.Starred))

    def lightning_schedulers(self, cls: str) -> list[Obj]:
        """The schedulers ``configure_optimizers`` of class ``cls`` returns (what ``self.lr_schedulers()`` gives)."""
        if cls in self._lightning_cache:
            return self._lightning_cache[cls]
        self._lightning_cache[cls] = []
        fn = self.methods.get((cls, "configure_optimizers"))
        if fn is None:
            return []
        ctx = Ctx(self.scopes[id(fn)], cls=cls)
        out = []
        for ret in (n for n in walk_no_defs(fn) if isinstance(n, ast.Return) and n.value is not None):
            for n in ast.walk(ret.value):
                if isinstance(n, (ast.Name, ast.Attribute, ast.Call)):
                    o = self.lookup(n, ctx)
                    if o is not None and o.kind == "scheduler" and o not in out:
                        out.append(o)
            if isinstance(ret.value, ast.Name):
                d = ctx.scope.value_of(ret.value.id)
                for n in ast.walk(d) if d is not None else ():
                    o = self.lookup(n, ctx) if isinstance(n, (ast.Name, ast.Attribute)) else None
                    if o is not None and o.kind == "scheduler" and o not in out:
                        out.append(o)
        self._lightning_cache[cls] = out
        return out

    def all_objs(self) -> list[Obj]:
        """Every tracked object: assigned ones, and schedulers constructed inline (``return SequentialLR(...)``)."""
        if self._all is None:
            objs: list[Obj] = []
            seen_objs: set[int] = set()

            def add(o: Obj) -> None:
                if id(o) not in seen_objs:
                    seen_objs.add(id(o))
                    objs.append(o)
            for s in self.scopes.values():
                for k, o in s.objs.items():
                    for c in self._cands.get((id(s.node), k), [o]):
                        add(c)
            for cname, d in self.class_objs.items():
                for k, o in d.items():
                    for c in self._cands.get((id(self.classes[cname]), k), [o]):
                        add(c)
            seen = {id(o.node) for o in objs}
            for scope in self.scopes.values():
                body = scope.node.body if hasattr(scope.node, "body") else []
                for stmt in body:
                    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                        continue
                    for n in [stmt, *walk_no_defs(stmt)]:
                        if isinstance(n, ast.Call) and id(n) not in seen:
                            o = classify_call(n, self.imports, self.classes)
                            if o is not None and o.kind == "scheduler":
                                o.name, o.scope = ast.unparse(n.func), scope
                                objs.append(o)
                                seen.add(id(n))
            self._all = objs
        return self._all

    # -- the walk -------------------------------------------------------------------------------
    def _walk_roots(self) -> None:
        self._body(self.tree.body, Ctx(self.module_scope, root=id(self.tree)))
        for n in self.nodes:
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._body(n.body, Ctx(self.scopes[id(n)], cls=self.owner.get(id(n)), stack=(n,), root=id(n)))

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
            self._order(s.body, inner)
            self._body(s.orelse, ctx)
            return
        if isinstance(s, ast.If):
            self._calls(s.test, ctx)
            for key, body in ((True, s.body), (False, s.orelse)):
                inner = replace(ctx, guards=ctx.guards + (s,), cond=True, path=ctx.path + (Branch(s, key, s.test),))
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
        self._calls(s, ctx)

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
            if isinstance(f, ast.Attribute) and f.attr == "step" and call.args and "scaler" in text_of(f.value).lower():
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
                        self.sched_steps.append(ev)
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
            if callee is not None and callee not in ctx.stack and len(ctx.stack) < 4:
                self._body(callee.body, Ctx(self.scopes[id(callee)], cls=cls, bindings=self._bind(callee, call, ctx),
                                            loops=ctx.loops, guards=ctx.guards, stack=ctx.stack + (callee,),
                                            cond=ctx.cond, path=path, root=ctx.root, in_accumulate=ctx.in_accumulate))

    def _callee(self, f: ast.AST, ctx: Ctx) -> tuple[ast.FunctionDef | None, str | None]:
        if isinstance(f, ast.Name) and f.id in self.functions:
            return self.functions[f.id], None
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

    def _bind(self, fn: ast.FunctionDef, call: ast.Call, ctx: Ctx) -> tuple[tuple[str, Obj], ...]:
        params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
        if self.owner.get(id(fn)) and params and params[0] in ("self", "cls"):
            params = params[1:]
        out = []
        for p, a in zip(params, call.args):
            if isinstance(a, ast.Starred):
                break
            out += [(p, obj) for obj in self.lookup_all(a, ctx)]
        for kw in call.keywords:
            if kw.arg:
                out += [(kw.arg, obj) for obj in self.lookup_all(kw.value, ctx)]
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
        return kind, node, stop

    def iter_kind(self, it: ast.AST, ctx: Ctx, tname: str = "", depth: int = 0) -> tuple[str | None, ast.expr | None]:
        """What a loop over ``it`` iterates: ("epoch" | "batch" | "other" | None, the range bound)."""
        if depth > 6:
            return None, None
        if isinstance(it, (ast.List, ast.Tuple, ast.Set)) and all(isinstance(e, ast.Constant) for e in it.elts):
            return "other", None
        if isinstance(it, ast.Call):
            fname = ident(it.func) or ""
            if fname in _RANGES and it.args and not it.keywords and len(it.args) <= 3:
                stop = it.args[0] if len(it.args) == 1 else it.args[1]
                size = self.res.sizing(stop, ctx.scope)
                if size is None:
                    size = self._loop_sizing(stop, ctx)
                if size is None and len(it.args) >= 2:   # range(start_epoch, start_epoch + 100)
                    size = self._loop_sizing(it.args[0], ctx)
                if size == "epochs" or (size is None and "epoch" in tname):
                    return "epoch", stop
                if size == "steps" and "epoch" not in tname:
                    return "batch", stop
                if size == "samples" and len(it.args) == 3:   # range(0, len(data), batch_size)
                    return "batch", stop
                return None, stop
            if fname in _WRAPPERS or (isinstance(it.func, ast.Attribute) and fname in ("log_every",)):
                if fname == "zip":
                    kinds = [self.iter_kind(a, ctx, tname, depth + 1)[0] for a in it.args]
                    return ("batch", None) if "batch" in kinds else (None, None)
                if it.args:
                    return self.iter_kind(it.args[0], ctx, tname, depth + 1)
                return None, None
            obj = self.lookup(it, ctx)
            if obj is not None and obj.kind == "loader":
                return "batch", None
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
            kinds = {self.iter_kind(v, replace(ctx, scope=home), tname, depth + 1)
                     for v in vals if v is not _PLACEHOLDER and not isinstance(v, ast.Starred)}
            if len(kinds) == 1 and len(vals) >= 1 and all(v is not _PLACEHOLDER for v in vals):
                kind, stop = kinds.pop()
                if kind is not None:
                    return kind, stop
        name = ident(it.func) if isinstance(it, ast.Call) else ident(it)
        if isinstance(it, ast.Subscript):
            name = ident(it.value)
        if name and LOADER_WORD.search(name.lower()):
            return "batch", None
        return None, None

    def _loop_sizing(self, stop: ast.AST, ctx: Ctx) -> str | None:
        """Loop bounds may be read by name more freely than lengths: ``range(args.max_iter)`` counts steps."""
        name = ident(stop)
        if name is None:
            return None
        low = name.lower()
        if "epoch" in low and "per_epoch" not in low and "epoch_" not in low:
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
        return None, node, None

    # -- order of scheduler/optimizer steps in one loop body (LR010) -----------------------------
    def _order(self, body: list[ast.stmt], ctx: Ctx) -> None:
        guarded: dict[int, int] = {}   # node -> the innermost if/match around it in this loop body
        for s in body:
            for n in [s, *walk_no_defs(s)]:
                if isinstance(n, (ast.If, ast.Match)) and not _none_check(n):
                    for m in walk_no_defs(n):
                        guarded[id(m)] = id(n)
        events: list[tuple[tuple[int, int], str, Obj, ast.Call, int | None]] = []
        for s in body:
            self._order_events(s, ctx, events, guarded, None, 0)
        events.sort(key=lambda e: e[0])
        seen_opt: set[int] = set()
        for pos, kind, objs, call, guard in events:
            if kind == "opt":
                seen_opt |= {id(o) for o in objs}
                continue
            for obj in objs:
                opts = self.lookup_all(obj.arg("optimizer"),
                                       Ctx(obj.scope or ctx.scope, cls=ctx.cls, bindings=ctx.bindings))
                ids = {id(o) for o in opts}
                if obj.lib == "unknown":   # a scheduler passed in: whichever optimizer this body steps
                    ids = {id(o) for e in events if e[1] == "opt" for o in e[2]}
                if not ids or ids & seen_opt:
                    continue
                # a guarded scheduler step counts only against an optimizer step under the same guard
                later = [e for e in events if e[1] == "opt" and ids & {id(o) for o in e[2]} and e[0] > pos
                         and e[4] == guard]
                if later:
                    self.order_issues.append((StepCall(obj, call, ctx), StepCall(later[0][2][0], later[0][3], ctx)))
                    break

    def _order_events(self, s: ast.AST, ctx: Ctx, events: list, guarded: set[int], site: ast.Call | None,
                      depth: int, prefix: tuple[int, ...] = ()) -> None:
        calls = [n for n in [s, *walk_no_defs(s)] if isinstance(n, ast.Call)]
        calls.sort(key=lambda c: (c.lineno, c.col_offset))
        for n in calls:
            f = n.func
            where = site or n
            pos = prefix + (n.lineno, n.col_offset)
            if isinstance(f, ast.Attribute) and f.attr == "step":
                objs = self.lookup_all(f.value, ctx)
                for kind in ("scheduler", "optimizer"):
                    some = [o for o in objs if o.kind == kind]
                    if some:
                        events.append((pos, "sched" if kind == "scheduler" else "opt", some, n,
                                       guarded.get(id(where))))
                continue
            callee, cls = self._callee(f, ctx)
            if callee is not None and depth < 2 and callee not in ctx.stack:
                sub = Ctx(self.scopes[id(callee)], cls=cls, bindings=self._bind(callee, n, ctx),
                          stack=ctx.stack + (callee,))
                for st in callee.body:
                    self._order_events(st, sub, events, guarded, where, depth + 1, pos)


def _none_check(n: ast.AST) -> bool:
    """An ``if`` with no else that decides whether, not when, a call runs: ``if scheduler:``,
    ``if scheduler is not None:``, ``if phase == "train":``, ``if model.training:``."""
    if not isinstance(n, ast.If):
        return False
    t = n.test
    if isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.ops[0], ast.Eq):
        consts = [c.value for c in (t.left, *t.comparators) if isinstance(c, ast.Constant)]
        return any(isinstance(c, str) and c.lower() in ("train", "training") for c in consts)
    if n.orelse:
        return False
    if isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.ops[0], ast.IsNot) \
            and isinstance(t.comparators[0], ast.Constant) and t.comparators[0].value is None:
        t = t.left
    if isinstance(t, (ast.Name, ast.Attribute)) and ident(t) in ("training", "is_training", "train_mode", "is_train"):
        return True
    return isinstance(t, (ast.Name, ast.Attribute)) and bool(re.search(r"sched|lr_s", text_of(t).lower()))


def text_of(e: ast.AST) -> str:
    return ast.unparse(e)


def _is_none(v: ast.AST) -> bool:
    return isinstance(v, ast.Constant) and v.value is None
