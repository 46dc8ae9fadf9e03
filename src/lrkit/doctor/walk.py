"""Execution-shaped walk of a module: which loops enclose every ``.step()`` call.

Loops are classified as epoch loops (``for epoch in range(epochs)``) or batch
loops (over a data loader, or ``range`` of a step count); calls to functions of
the same file are followed (depth 3) with the caller's loops and with the
tracked objects passed as arguments bound to the parameters, so a
``train_one_epoch(model, loader, optimizer, scheduler)`` called from an epoch
loop is seen as stepping inside a batch loop.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace
from typing import Iterable

from .symbols import (LOADER_WORD, Imports, Obj, Resolver, Scope, classify_call, ident, key_of,
                      walk_no_defs)

_WRAPPERS = {"enumerate", "tqdm", "track", "iter", "zip", "trange_wrap", "progress", "islice"}
_PLACEHOLDER = ast.Starred(value=ast.Name(id="?", ctx=ast.Load()), ctx=ast.Load())


@dataclass(frozen=True)
class Loop:
    kind: str | None          # "epoch" | "batch" | None (could not tell)
    node: ast.AST
    stop: ast.expr | None     # the range() bound, when the loop is over a range
    scope: Scope


@dataclass(frozen=True)
class Ctx:
    scope: Scope
    cls: str | None = None
    bindings: tuple[tuple[str, Obj], ...] = ()
    loops: tuple[Loop, ...] = ()
    guards: tuple[ast.If, ...] = ()   # ifs inside the innermost loop
    stack: tuple[ast.AST, ...] = ()
    cond: bool = False                # under an if (any level) of the current root or callee


@dataclass
class StepCall:
    obj: Obj
    call: ast.Call
    ctx: Ctx
    conditional: bool = False         # under an if/else expression or statement

    @property
    def via_argument(self) -> bool:
        """The scheduler reached this call as a function argument (one of several possible values)."""
        return any(o is self.obj for _, o in self.ctx.bindings)


@dataclass
class Module:
    """The analysed module: scopes, tracked objects and every ``.step()`` call in context."""

    tree: ast.Module
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
    loops: list[Loop] = field(default_factory=list)
    order_issues: list[tuple[StepCall, StepCall]] = field(default_factory=list)
    trainer_calls: list[tuple[ast.Call, Ctx]] = field(default_factory=list)
    _all: list[Obj] | None = None

    def __post_init__(self) -> None:
        self.imports = Imports(self.tree)
        self.res = Resolver(self.imports)
        for n in ast.walk(self.tree):
            if isinstance(n, ast.ClassDef):
                self.classes[n.name] = n
                for m in n.body:
                    if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        self.methods[(n.name, m.name)] = m
                        self.owner[id(m)] = n.name
        for n in self.tree.body:
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions[n.name] = n
        self.module_scope = self._scope(self.tree, None)
        for n in ast.walk(self.tree):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._scope(n, self.module_scope)
        self._walk_roots()

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
            for n in [stmt, *walk_no_defs(stmt)]:
                self._record(n, scope, cls)
        return scope

    def _record(self, n: ast.AST, scope: Scope, cls: str | None) -> None:
        if isinstance(n, ast.Assign):
            targets, value = n.targets, n.value
        elif isinstance(n, ast.AnnAssign) and n.value is not None:
            targets, value = [n.target], n.value
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
        for t in targets:
            if isinstance(t, (ast.Tuple, ast.List)):
                for name in ast.walk(t):
                    if isinstance(name, ast.Name):
                        scope.assigns.setdefault(name.id, []).append(_PLACEHOLDER)
                continue
            key = key_of(t)
            if key is None:
                continue
            if isinstance(t, ast.Name):
                scope.assigns.setdefault(t.id, []).append(value)
            obj = classify_call(value, self.imports, self.classes)
            if obj is None:
                continue
            obj.name, obj.scope = ast.unparse(t), scope
            if key.startswith("self."):
                if cls is not None:
                    self.class_objs.setdefault(cls, {})[key] = obj
            else:
                scope.objs[key] = obj

    # -- lookups --------------------------------------------------------------------------------
    def lookup(self, expr: ast.AST | None, ctx: Ctx) -> Obj | None:
        """The tracked object an expression refers to (variable, ``self.x``, bound parameter or inline call)."""
        if isinstance(expr, ast.Call):
            obj = classify_call(expr, self.imports, self.classes)
            if obj is not None:
                obj.name, obj.scope = ast.unparse(expr.func), ctx.scope
            return obj
        key = key_of(expr)
        if key is None:
            return None
        for k, o in ctx.bindings:
            if k == key:
                return o
        if key.startswith("self."):
            return self.class_objs.get(ctx.cls or "", {}).get(key)
        scope: Scope | None = ctx.scope
        while scope is not None:
            if key in scope.objs:
                vals = scope.assigns.get(key, [])
                return scope.objs[key] if len(vals) <= 1 else None
            if key in scope.assigns or key in scope.params:
                return None
            scope = scope.parent
        return None

    def all_objs(self) -> list[Obj]:
        """Every tracked object: assigned ones, and schedulers constructed inline (``return SequentialLR(...)``)."""
        if self._all is None:
            objs = [o for s in self.scopes.values() for o in s.objs.values()]
            objs += [o for d in self.class_objs.values() for o in d.values()]
            seen = {id(o.node) for o in objs}
            for scope in self.scopes.values():
                body = scope.node.body if hasattr(scope.node, "body") else []
                for stmt in body:
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
        self._body(self.tree.body, Ctx(self.module_scope))
        for n in ast.walk(self.tree):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._body(n.body, Ctx(self.scopes[id(n)], cls=self.owner.get(id(n)), stack=(n,)))

    def _body(self, stmts: list[ast.stmt], ctx: Ctx) -> None:
        for s in stmts:
            self._stmt(s, ctx)

    def _stmt(self, s: ast.stmt, ctx: Ctx) -> None:
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return
        if isinstance(s, (ast.For, ast.AsyncFor, ast.While)):
            loop = Loop(*self._loop_kind(s, ctx), scope=ctx.scope) if not isinstance(s, ast.While) \
                else Loop(None, s, None, ctx.scope)
            self.loops.append(loop)
            inner = replace(ctx, loops=ctx.loops + (loop,), guards=())
            self._calls(s.iter if not isinstance(s, ast.While) else s.test, ctx)
            self._body(s.body, inner)
            self._order(s.body, inner)
            self._body(s.orelse, ctx)
            return
        if isinstance(s, ast.If):
            self._calls(s.test, ctx)
            inner = replace(ctx, guards=ctx.guards + (s,), cond=True)
            self._body(s.body, inner)
            self._body(s.orelse, inner)
            return
        if isinstance(s, (ast.With, ast.AsyncWith)):
            for item in s.items:
                self._calls(item.context_expr, ctx)
            self._body(s.body, ctx)
            return
        if isinstance(s, ast.Try) or type(s).__name__ == "TryStar":
            self._body(s.body, ctx)
            for h in s.handlers:
                self._body(h.body, ctx)
            self._body(s.orelse, ctx)
            self._body(s.finalbody, ctx)
            return
        if isinstance(s, ast.Match):
            for case in s.cases:
                self._body(case.body, replace(ctx, guards=ctx.guards + (s,)))  # type: ignore[arg-type]
            return
        self._calls(s, ctx)

    def _calls(self, node: ast.AST, ctx: Ctx) -> None:
        calls = [n for n in [node, *walk_no_defs(node)] if isinstance(n, ast.Call)]
        calls.sort(key=lambda c: (c.lineno, c.col_offset))
        in_ifexp = {id(m) for n in [node, *walk_no_defs(node)] if isinstance(n, ast.IfExp) for m in ast.walk(n)}
        for call in calls:
            f = call.func
            if isinstance(f, ast.Attribute) and f.attr == "step":
                obj = self.lookup(f.value, ctx)
                cond = ctx.cond or id(call) in in_ifexp
                if obj is not None and obj.kind == "scheduler":
                    self.sched_steps.append(StepCall(obj, call, ctx, cond))
                elif obj is not None and obj.kind == "optimizer":
                    self.opt_steps.append(StepCall(obj, call, ctx, cond))
                continue
            q = self.imports.qual(f) or ""
            if q.startswith("transformers.") and q.endswith("Trainer"):
                self.trainer_calls.append((call, ctx))
            callee, cls = self._callee(f, ctx)
            if callee is not None and callee not in ctx.stack and len(ctx.stack) < 4:
                self._body(callee.body, Ctx(self.scopes[id(callee)], cls=cls, bindings=self._bind(callee, call, ctx),
                                            loops=ctx.loops, guards=ctx.guards, stack=ctx.stack + (callee,),
                                            cond=ctx.cond))

    def _callee(self, f: ast.AST, ctx: Ctx) -> tuple[ast.FunctionDef | None, str | None]:
        if isinstance(f, ast.Name) and f.id in self.functions:
            return self.functions[f.id], None
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "self" and ctx.cls:
            m = self.methods.get((ctx.cls, f.attr))
            return m, ctx.cls
        return None, None

    def _bind(self, fn: ast.FunctionDef, call: ast.Call, ctx: Ctx) -> tuple[tuple[str, Obj], ...]:
        params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
        if self.owner.get(id(fn)) and params and params[0] == "self":
            params = params[1:]
        out = []
        for p, a in zip(params, call.args):
            if isinstance(a, ast.Starred):
                break
            obj = self.lookup(a, ctx)
            if obj is not None:
                out.append((p, obj))
        for kw in call.keywords:
            obj = self.lookup(kw.value, ctx) if kw.arg else None
            if obj is not None:
                out.append((kw.arg, obj))
        return tuple(out)

    # -- loops ----------------------------------------------------------------------------------
    def _loop_kind(self, node: ast.For | ast.AsyncFor, ctx: Ctx) -> tuple[str | None, ast.AST, ast.expr | None]:
        target = node.target
        if isinstance(target, ast.Tuple) and target.elts:
            names = [ident(e) or "" for e in target.elts]
        else:
            names = [ident(target) or ""]
        tname = " ".join(names).lower()
        it = node.iter
        while isinstance(it, ast.Call) and (ident(it.func) or "") in _WRAPPERS and it.args:
            it = it.args[0]
        if isinstance(it, ast.Call) and (ident(it.func) or "") in ("range", "trange") and it.args \
                and not it.keywords and len(it.args) <= 3:
            stop = it.args[0] if len(it.args) == 1 else it.args[1]
            size = self.res.sizing(stop, ctx.scope)
            if size == "epochs" or (size is None and "epoch" in tname):
                return "epoch", node, stop
            if size == "steps" and "epoch" not in tname:
                return "batch", node, stop
            return None, node, stop
        obj = self.lookup(it, ctx)
        if obj is not None and obj.kind == "loader":
            return "batch", node, None
        name = ident(it.func) if isinstance(it, ast.Call) else ident(it)
        if name and LOADER_WORD.search(name.lower()):
            return "batch", node, None
        return None, node, None

    # -- order of scheduler/optimizer steps in one loop body (LR010) -----------------------------
    def _order(self, body: list[ast.stmt], ctx: Ctx) -> None:
        guarded: set[int] = set()
        for s in body:
            for n in [s, *walk_no_defs(s)]:
                if isinstance(n, (ast.If, ast.Match)):
                    for m in walk_no_defs(n):
                        guarded.add(id(m))
        events: list[tuple[tuple[int, int], str, Obj, ast.Call, bool]] = []
        for s in body:
            self._order_events(s, ctx, events, guarded, None, 0)
        events.sort(key=lambda e: e[0])
        seen_opt: set[int] = set()
        for pos, kind, obj, call, is_guarded in events:
            if kind == "opt":
                seen_opt.add(id(obj))
                continue
            opt = self.lookup(obj.arg("optimizer"), Ctx(obj.scope or ctx.scope, cls=ctx.cls, bindings=ctx.bindings))
            if opt is None or id(opt) in seen_opt or is_guarded:
                continue
            later = [e for e in events if e[1] == "opt" and e[2] is opt and e[0] > pos]
            if later:
                self.order_issues.append((StepCall(obj, call, ctx), StepCall(opt, later[0][3], ctx)))

    def _order_events(self, s: ast.AST, ctx: Ctx, events: list, guarded: set[int], site: ast.Call | None,
                      depth: int, prefix: tuple[int, ...] = ()) -> None:
        calls = [n for n in [s, *walk_no_defs(s)] if isinstance(n, ast.Call)]
        calls.sort(key=lambda c: (c.lineno, c.col_offset))
        for n in calls:
            f = n.func
            where = site or n
            pos = prefix + (n.lineno, n.col_offset)
            if isinstance(f, ast.Attribute) and f.attr == "step":
                obj = self.lookup(f.value, ctx)
                if obj is not None and obj.kind in ("scheduler", "optimizer"):
                    events.append((pos, "sched" if obj.kind == "scheduler" else "opt", obj, n,
                                   id(where) in guarded))
                continue
            callee, cls = self._callee(f, ctx)
            if callee is not None and depth < 2 and callee not in ctx.stack:
                sub = Ctx(self.scopes[id(callee)], cls=cls, bindings=self._bind(callee, n, ctx),
                          stack=ctx.stack + (callee,))
                for st in callee.body:
                    self._order_events(st, sub, events, guarded, where, depth + 1, pos)
