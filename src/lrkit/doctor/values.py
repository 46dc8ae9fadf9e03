"""What names hold, across a module: scopes and their assignments, the tracked objects (constructor calls,
the file's own factories, ``accelerator.prepare`` / ``deepspeed.initialize`` unpacking, objects passed to a
class's constructor, branch candidates, parameters named like a scheduler or an optimizer), and lookups.
(Over 400 lines on purpose: recording the objects and looking them up share the candidate tables; what
flows between functions and lists is in passing.py.)"""

from __future__ import annotations

import ast
import re

from .closures import arm_candidates
from .context import Ctx
from .symbols import LOADER_WORD, Obj, Scope, classify_call, ident, key_of, walk_no_defs

_OPT_NAME = re.compile(r"^(optimizer|optim|opt|optimiser)(_[a-z0-9]+)?$|^[a-z]_?optimizer$")


_MOVES = {"to", "cuda", "cpu", "half", "float", "double", "bfloat16", "train", "eval", "requires_grad_"}
_SCHED_NAME = re.compile(r"^(lr_)?sched(uler)?s?$|^lr_sched|^(lr|train|main|optim)_?scheduler$")


_PLACEHOLDER = ast.Starred(value=ast.Name(id="?", ctx=ast.Load()), ctx=ast.Load())


class Values:
    """Values: methods of the checker, grouped here by topic."""

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

    def enclosing_function(self, fn: ast.AST) -> ast.AST | None:
        """The function a function (or a method of a class) is defined in, if any."""
        p = self.parents.get(id(fn))
        while p is not None and not isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)):
            p = self.parents.get(id(p))
        return p

    def scope_at(self, node: ast.AST) -> Scope:
        """The scope ``node`` is read in: a function's own scope when ``node`` is that function (a lambda or def
        with a scope), else the scope of the function around it, else the module's."""
        own = self.scopes.get(id(node)) if isinstance(node, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)) \
            else None
        return own or self.scopes.get(id(self.enclosing_function(node)), self.module_scope)

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
        pairs = _parallel(n)
        if pairs:   # `self.optimizer, self.scheduler = optimizer, scheduler`: one assignment per pair
            for t, v in pairs:
                self._record(ast.copy_location(ast.Assign(targets=[t], value=v), n), scope, cls)
            return
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
                elif cls is not None and _on_self(name):   # `self.step += 1`: not one value
                    self.self_assigns.setdefault((cls, name.attr), []).append((_PLACEHOLDER, scope))
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
            if _settable(t):   # `args["max_epochs"] = 15`, `cfg.epochs = 10`: read back by the same text
                scope.assigns.setdefault(ast.unparse(t), []).append(value)
            elif cls is not None and _on_self(t):   # `self.epochs = 30` in `__init__`, read in `fit()`
                self.self_assigns.setdefault((cls, t.attr), []).append((value, scope))
            key = key_of(t)
            if key is None:
                continue
            if isinstance(t, ast.Name):
                scope.assigns.setdefault(t.id, []).append(value)
            arms = self._optimizer_arms(value, scope, cls)
            for arm in arms:   # `SGD(...) if args.use_sgd else Adam(...)`: both candidates, as an if/else's
                self._store(key, arm, scope, cls, ast.unparse(t))
            if arms:
                continue
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

    def _optimizer_arms(self, value: ast.AST, scope: Scope, cls: str | None) -> list[Obj]:
        """The two optimizers of a conditional expression that builds one in each arm; none otherwise."""
        if not isinstance(value, ast.IfExp) or _is_none(value.body) or _is_none(value.orelse):
            return []
        arms = [self._classify(a, scope, cls) for a in (value.body, value.orelse)]
        return arms if all(a is not None and a.kind == "optimizer" for a in arms) else []  # type: ignore[misc]

    def _classify(self, value: ast.AST, scope: Scope, cls: str | None) -> Obj | None:
        if isinstance(value, ast.IfExp):   # `StepLR(...) if use_scheduler else None`
            arms = [a for a in (value.body, value.orelse) if not _is_none(a)]
            return self._classify(arms[0], scope, cls) if len(arms) == 1 else None
        while isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) \
                and value.func.attr in _MOVES and isinstance(value.func.value, ast.Call):
            value = value.func.value   # `Seq2Seq(...).to(device)` is the model
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
            elif cls is not None and _on_self(name):   # `self.opt, self.sched = build(...)`: unpacked, unread
                self.self_assigns.setdefault((cls, name.attr), []).append((_PLACEHOLDER, scope))
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
            if sched is None and "lr_scheduler" in kws and not _is_none(kws["lr_scheduler"]):
                # a scheduler the doctor cannot read (DeepSpeed's own WarmupLR, a factory's): the engine steps it
                sched = Obj("scheduler", ident(kws["lr_scheduler"]) or "scheduler", "unknown", value,
                            name=ast.unparse(kws["lr_scheduler"]), scope=scope)
            opt = self.lookup(kws.get("optimizer"), ctx) if "optimizer" in kws else None
            engine = Obj("engine", "DeepSpeedEngine", "deepspeed", value)
            if "optimizer" not in kws:
                engine.via.add("config-optimizer")   # DeepSpeed builds the optimizer from its config
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
                per_pos = self._returned_tuple(value, ctx, len(names)) or self._passed_through(names, value, ctx)
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
                    for a in [p for x in walk_no_defs(init) if isinstance(x, ast.Assign)
                              for p in ([ast.Assign(targets=[t], value=v) for t, v in _parallel(x)] or [x])]:
                        src = _given(a.value, init)
                        if src in bound:
                            for t in a.targets:
                                k = key_of(t)
                                known = self.class_objs.get(cls, {}).get(k)
                                if k and k.startswith("self.") and (known is None or known.lib == "unknown"):
                                    self.class_objs.setdefault(cls, {})[k] = bound[src]

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
                vals = self.self_assigns.get((ctx.cls or "", key[5:]), [])
                if vals and _SCHED_NAME.search(key[5:]) and all(_opaque(v) for v, _ in vals):
                    # `self.optimizer, self.scheduler = build(...)` from another package, in `__init__`
                    return [self._param_obj(vals[0][1], key)]
                return []
            return self._at_self(list(self._cands.get((id(self.classes[ctx.cls]), key), [d[key]])), expr, ctx)
        if isinstance(expr, ast.Name):
            items = self._loop_items(expr, ctx)
            if items:
                return items
        scope: Scope | None = ctx.scope
        while scope is not None:
            if key in scope.objs:
                cands = self._cands.get((id(scope.node), key))
                if cands:
                    return self._at(list(cands), expr, scope, ctx)
                vals = [v for v in scope.assigns.get(key, []) if not _is_none(v)]
                if len(vals) <= 1 or all(_same_obj(v, scope.objs[key], key) for v in vals):
                    return [scope.objs[key]]
                return []
            if key in scope.params and key not in scope.assigns and _SCHED_NAME.search(key):
                return [self._param_obj(scope, key)]
            if key in scope.params and key not in scope.assigns and _OPT_NAME.search(key):
                return [self._param_obj(scope, key, "optimizer")]
            if key in scope.assigns and key not in scope.params and _SCHED_NAME.search(key) \
                    and all(_opaque(v) for v in scope.assigns[key]):
                # `scheduler = build_lr_scheduler(cfg, optimizer)` from another package: a scheduler, unread
                return [self._param_obj(scope, key)]
            if key in scope.assigns and key not in scope.params and _OPT_NAME.search(key) \
                    and all(_opaque(v) or _built_on_parameters(v) for v in scope.assigns[key]):
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
        cands = [c for c in cands if not self._dead_arm(c.node, scope)] or cands
        line = getattr(expr, "lineno", None)
        if line is not None and ctx.scope is not scope and len(cands) > 1:
            return arm_candidates(cands, expr, scope.node, self.parents, self.stmt_of)
        if line is None or ctx.scope is not scope or not hasattr(scope.node, "body"):
            return cands
        top = {id(st): st.lineno for st in scope.node.body}
        lines = []
        for c in cands:
            st = self.stmt_of(c.node)
            if st is None or id(st) not in top:
                return cands
            lines.append((st.lineno, c))
        before = [(ln, c) for ln, c in lines if ln < line]
        return self._latest(before) if before else cands

    def _latest(self, before: list[tuple[int, Obj]]) -> list[Obj]:
        """The candidate of the last statement (both, for the two arms of ``A() if c else B()`` there)."""
        last = max(ln for ln, _ in before)
        same = [c for ln, c in before if ln == last and isinstance(self.parents.get(id(c.node)), ast.IfExp)]
        return same if len(same) > 1 else [max(before, key=lambda x: x[0])[1]]

    def _at_self(self, cands: list[Obj], expr: ast.AST, ctx: Ctx) -> list[Obj]:
        """``self.x`` assigned in several methods: in a method that assigns it itself, in its own body's straight
        line (``self.optimizer = SGD(...)`` then ``LambdaLR(self.optimizer, ...)``), a reference after that
        statement sees it."""
        fn, line = ctx.scope.node, getattr(expr, "lineno", None)
        if len(cands) < 2 or line is None or not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return cands
        inside = [(self.stmt_of(c.node), c) for c in cands if self.enclosing_function(c.node) is fn]
        if not inside or any(st is None or st not in fn.body for st, _ in inside):
            return cands
        before = [(st.lineno, c) for st, c in inside if st.lineno < line]
        return self._latest(before) if before else cands

    def _dead_arm(self, node: ast.AST, scope: Scope) -> bool:
        """``node`` sits in the arm of an ``if`` that never runs because its test compares an option already
        replaced by the object it chose (``if scheduler == 1:`` after ``scheduler = ReduceLROnPlateau(...)``)."""
        busy: set[int] = self._dead_busy  # type: ignore[attr-defined]
        child, parent = node, self.parents.get(id(node))
        while parent is not None and parent is not scope.node:
            if isinstance(parent, ast.If) and id(parent) not in busy:
                busy.add(id(parent))
                try:
                    known = self.rebound_test(parent.test, Ctx(scope))  # type: ignore[attr-defined]
                finally:
                    busy.discard(id(parent))
                if known is not None and any(child is st for st in (parent.orelse if known else parent.body)):
                    return True
            child, parent = parent, self.parents.get(id(parent))
        return False

    def stmt_of(self, node: ast.AST) -> ast.stmt | None:
        while node is not None and not isinstance(node, ast.stmt):
            node = self.parents.get(id(node))
        return node

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
            # `{"optimizer": opt, "lr_scheduler": sched_cfg}` with `sched_cfg = {"scheduler": ..., ...}` built before
            inner = [v for x in ast.walk(ret.value) if isinstance(x, ast.Name) and x is not ret.value
                     for v in [ctx.scope.value_of(x.id)] if isinstance(v, (ast.Dict, ast.List, ast.Tuple))]
            for n in [x for v in [ret.value, *inner] for x in ast.walk(v)]:
                if isinstance(n, (ast.Name, ast.Attribute, ast.Call)):
                    o = self.lookup(n, ctx)
                    if o is not None and o.kind == "scheduler" and o not in out:
                        out.append(o)
            if isinstance(ret.value, ast.Name):
                d = ctx.scope.value_of(ret.value.id)
                # also what the dict is filled with key by key: `cfg["lr_scheduler"] = sched` (held-out set 26)
                filled = [a.value for a in walk_no_defs(fn) if isinstance(a, ast.Assign) and any(
                    isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id == ret.value.id
                    for t in a.targets)]
                for n in [x for v in [d, *filled] if v is not None for x in ast.walk(v)]:
                    o = self.lookup(n, ctx) if isinstance(n, (ast.Name, ast.Attribute, ast.Call)) else None
                    if o is not None and o.kind == "scheduler" and o not in out:
                        out.append(o)
            if not out and _returns_a_scheduler(ret.value, ctx.scope):
                # built by a helper the doctor cannot read: known to exist, arguments unknown
                out.append(Obj("scheduler", "scheduler", "unknown", fn, name="self.lr_schedulers()",
                               scope=ctx.scope))
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
            for o in self._comp_objs.values():   # items of list comprehensions met by the walk
                if o is not None:
                    add(o)
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


def _returns_a_scheduler(value: ast.AST, scope: Scope) -> bool:
    """A ``configure_optimizers`` return that carries a scheduler: a dict with ``"lr_scheduler"``, or the
    ``[optimizers], [schedulers]`` pair with a non-empty second list."""
    if isinstance(value, ast.Name) and isinstance(scope.value_of(value.id), ast.Dict):
        value = scope.value_of(value.id)
    if isinstance(value, ast.Dict):
        return any(isinstance(k, ast.Constant) and k.value == "lr_scheduler" for k in value.keys)
    return isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == 2 and isinstance(
        value.elts[1], (ast.List, ast.Tuple)) and bool(value.elts[1].elts)


def _opaque(v: ast.AST) -> bool:
    """A value the doctor cannot read that a factory made: an unpacked element, or a call of a function
    (``build_lr_scheduler(cfg, opt)``). A class of another module (``CycleScheduler(...)``) is not: its
    stepping may follow other rules than torch's."""
    if v is _PLACEHOLDER:
        return True
    if isinstance(v, ast.Call):
        name = ident(v.func) or ""
        return bool(name) and not name[:1].isupper()
    return False


def _built_on_parameters(v: ast.AST) -> bool:
    """``AdoptAtan2(model.parameters(), lr=...)``: an optimizer class of another package, given the parameters."""
    return isinstance(v, ast.Call) and bool(v.args) and any(
        isinstance(n, ast.Call) and ident(n.func) in ("parameters", "named_parameters") for n in ast.walk(v.args[0]))


def _same_obj(value: ast.AST, obj: Obj, key: str = "") -> bool:
    """An assignment that keeps the object: its constructor, ``accelerator.prepare(x)``, an unpacked element,
    a Lightning config dict around the name itself (``scheduler = {"scheduler": scheduler, ...}``)."""
    return value is obj.node or (isinstance(value, ast.Call) and ident(value.func) == "prepare") or (
        isinstance(value, ast.Starred)) or (isinstance(value, ast.Dict) and any(
            isinstance(v, ast.Name) and v.id == key for v in value.values))


def _settable(t: ast.AST) -> bool:
    """``args["k"]`` or ``cfg.k`` (not ``self.k``, which objects track): a setting written into a container."""
    if isinstance(t, ast.Subscript):
        return isinstance(t.value, ast.Name) and isinstance(t.slice, ast.Constant) and isinstance(t.slice.value, str)
    return isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id not in ("self", "cls")


def _on_self(t: ast.AST) -> bool:
    return isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"


def _is_none(v: ast.AST) -> bool:
    return isinstance(v, ast.Constant) and v.value is None


def _parallel(n: ast.AST) -> list[tuple[ast.expr, ast.expr]]:
    """The (target, value) pairs of ``a, b = x, y`` (same length, no ``*``); empty for any other statement."""
    if not (isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], (ast.Tuple, ast.List))
            and isinstance(n.value, (ast.Tuple, ast.List)) and len(n.targets[0].elts) == len(n.value.elts)):
        return []
    pairs = list(zip(n.targets[0].elts, n.value.elts))
    return [] if any(isinstance(x, ast.Starred) for p in pairs for x in p) else pairs


def _given(value: ast.expr, init: ast.FunctionDef) -> str | None:
    """The argument a constructor's ``self.x = ...`` takes: a parameter (``scheduler``), or a key of its
    ``**kwargs`` (``kwargs["scheduler"]``, ``kwargs.get("scheduler")``), the caller's ``scheduler=`` keyword."""
    if isinstance(value, ast.Name):
        return value.id
    star = init.args.kwarg.arg if init.args.kwarg is not None else None
    if isinstance(value, ast.Call) and ident(value.func) == "get" and value.args:
        base, key = value.func.value, value.args[0]
    elif isinstance(value, ast.Subscript):
        base, key = value.value, value.slice
    else:
        return None
    if star and isinstance(base, ast.Name) and base.id == star and isinstance(key, ast.Constant) \
            and isinstance(key.value, str):
        return key.value
    return None
