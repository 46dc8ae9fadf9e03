"""Values that flow between functions and containers: a function's one call giving its parameters values
(and defaults), lists of optimizers and schedulers (literals, comprehensions, ``zip`` items, a list passed
to a helper), schedulers handed back by an unknown distributed wrapper, and command-line defaults."""

from __future__ import annotations

import ast
import itertools
import re

from .context import ITEMS, Ctx
from .symbols import Obj, classify_call, ident, key_of, walk_no_defs

_WRAPPED_SCHED = re.compile(r"(^|_)(lr_)?sched(uler)?s?$")


class Passing:
    """Methods of the module model (mixed into :class:`~lrkit.doctor.walk.Module`), grouped here by topic."""

    def _record_passed(self) -> None:
        """A function of the file called exactly once: its parameters take that call's arguments as values
        (``get_scheduler(optimizer, total_steps)`` sees ``total_steps = epochs * len(train_loader)``)."""
        sites: dict[int, list[ast.Call]] = {}
        # a method defined by one class only (`Trainer(...).fit()`): its calls by attribute name
        owners: dict[str, list[ast.FunctionDef]] = {}
        for (_, mname), m in self.methods.items():
            owners.setdefault(mname, []).append(m)
        methods = {k: v[0] for k, v in owners.items() if len(v) == 1 and not k.startswith("__")}
        for n in self.nodes:
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in self.functions:
                sites.setdefault(id(self.functions[n.func.id]), []).append(n)
            elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in methods:
                sites.setdefault(id(methods[n.func.attr]), []).append(n)
        for fn in [*self.functions.values(), *methods.values()]:
            calls = sites.get(id(fn), [])
            scope = self.scopes.get(id(fn))
            if scope is None or id(fn) in {id(f) for f in self._foreign}:
                continue
            if not calls:
                # never called in the file (a notebook's `Trainer.fit(self, epochs=2)`, an entry point run from
                # elsewhere): its number defaults are what a call that leaves them out runs with
                pos = fn.args.posonlyargs + fn.args.args
                for a, d in zip(pos[len(pos) - len(fn.args.defaults):], fn.args.defaults):
                    if isinstance(d, ast.Constant) and isinstance(d.value, (int, float)) \
                            and not isinstance(d.value, bool) and a.arg not in scope.assigns:
                        scope.passed[a.arg] = (d, scope)
                continue
            if len(calls) != 1:
                continue
            call = calls[0]
            self.sole_call[id(fn)] = call
            caller = self.scopes.get(id(self.enclosing_function(call)), self.module_scope)
            params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
            if self.owner.get(id(fn)) and params and params[0] in ("self", "cls"):
                params = params[1:]
            fixed = list(itertools.takewhile(lambda a: not isinstance(a, ast.Starred), call.args))
            args = list(zip(params, fixed))   # the positions before a `*rest` are known
            args += [(k.arg, k.value) for k in call.keywords if k.arg in params]
            for p, a in args:
                if p not in scope.assigns:
                    scope.passed[p] = (a, caller)
            # parameters its one call leaves out take their defaults (`def fit(model, loader, epochs=5)`)
            pos = fn.args.posonlyargs + fn.args.args
            defaults = list(zip(pos[len(pos) - len(fn.args.defaults):], fn.args.defaults)) + [
                # (a method's `self` never has a default, so the positions line up)
                (a, d) for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults) if d is not None]
            home = self.scopes.get(id(self.enclosing_function(fn)), self.module_scope)
            for a, d in defaults:
                if a.arg not in scope.passed and a.arg not in scope.assigns and a.arg not in dict(args):
                    scope.passed[a.arg] = (d, home)

    def _passed_through(self, names: list[ast.expr], call: ast.Call, ctx: Ctx) -> list[list[Obj]]:
        """A distributed wrapper the doctor cannot read (``distribute(..., lr_scheduler=sched)``, a booster's
        ``boost(model, optimizer, ..., lr_scheduler)``) hands back what it was given: the one scheduler passed in
        is the one unpacked into the one target named like a scheduler."""
        if self._callee(call.func, ctx)[0] is not None:
            return []
        given = [o for a in [*call.args, *(k.value for k in call.keywords)]
                 for o in [self.lookup(a, ctx)] if o is not None and o.kind == "scheduler"]
        targets = [i for i, t in enumerate(names) if _WRAPPED_SCHED.search((key_of(t) or "").split(".")[-1])]
        if len(given) != 1 or len(targets) != 1:
            return []
        out: list[list[Obj]] = [[] for _ in names]
        out[targets[0]] = given
        return out

    def _loop_items(self, name: ast.Name, ctx: Ctx) -> list[Obj]:
        """``for opt in optimizers: opt.step()`` with ``optimizers = [opt_g, opt_d]``, or ``for s in schedulers``
        with ``schedulers = [StepLR(o, 30) for o in optimizers]``: the loop variable is each item."""
        node = self.parents.get(id(name))
        while node is not None and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if isinstance(node, (ast.For, ast.AsyncFor)) and any(
                    isinstance(t, ast.Name) and t.id == name.id for t in ast.walk(node.target)):
                break
            node = self.parents.get(id(node))
        else:
            return []
        it, target = node.iter, node.target
        # `for loader, opt, sched in zip(loaders, optimizers, schedulers)`, `for i, sched in enumerate(scheds)`
        if isinstance(target, ast.Tuple) and isinstance(it, ast.Call) and ident(it.func) in ("zip", "enumerate"):
            pos = next((i for i, t in enumerate(target.elts) if isinstance(t, ast.Name) and t.id == name.id), None)
            args = it.args if ident(it.func) == "zip" else [None, *it.args[:1]]
            if pos is None or pos >= len(args) or args[pos] is None:
                return []
            it, target = args[pos], name
        if not isinstance(target, ast.Name) or (isinstance(it, ast.Name) and it.id == name.id):
            return []
        return self.list_items(it, ctx, name.id)

    def list_items(self, it: ast.AST, ctx: Ctx, name: str = "?") -> list[Obj]:
        """The tracked objects of a list: a literal ``[opt_g, opt_d]``, a name assigned one (or a parameter
        bound to one by the caller), a list comprehension of constructors."""
        if isinstance(it, ast.Name):
            bound = [o for k, o in ctx.bindings if k == ITEMS + it.id]
            if bound:
                return bound
            it = ctx.scope.value_of(it.id)
        if isinstance(it, (ast.List, ast.Tuple)):
            return [o for e in it.elts for o in self.lookup_all(e, ctx)]
        if isinstance(it, ast.ListComp) and isinstance(it.elt, ast.Call):
            key = id(it.elt)
            if key not in self._comp_objs:
                obj = classify_call(it.elt, self.imports, self.classes)
                st = self.stmt_of(it)
                if isinstance(st, ast.Assign) and len(st.targets) == 1 and st.value is it:
                    name = f"{ast.unparse(st.targets[0])}[i]"   # `schedulers = [...]`: each is schedulers[i]
                if obj is not None:
                    obj.name, obj.scope = name, ctx.scope
                self._comp_objs[key] = obj
            return [self._comp_objs[key]] if self._comp_objs[key] is not None else []
        return []

    def cli_defaults(self) -> dict[str, object]:
        """``dest -> default`` of the file's ``add_argument("--num-epochs", type=int, default=90)`` calls (a dest
        defined twice with different defaults is left out)."""
        if self._cli is None:
            seen: dict[str, list[object]] = {}
            for n in self.nodes:
                if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "add_argument"):
                    continue
                kws = {k.arg: k.value for k in n.keywords if k.arg}
                opts = [a.value for a in n.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                longs = [o for o in opts if o.startswith("--")] or [o for o in opts if not o.startswith("-")]
                dest = kws["dest"].value if isinstance(kws.get("dest"), ast.Constant) else (
                    longs[0].lstrip("-").replace("-", "_") if longs else None)
                d = kws.get("default")
                if dest and isinstance(d, ast.Constant):
                    seen.setdefault(dest, []).append(d.value)
                elif dest and isinstance(d, (ast.List, ast.Tuple)) and d.elts and all(   # nargs="+", default=[30, 60]
                        isinstance(e, ast.Constant) and type(e.value) in (int, float) for e in d.elts):
                    seen.setdefault(dest, []).append([e.value for e in d.elts])
            self._cli = {k: v[0] for k, v in seen.items() if len(set(map(repr, v))) == 1}
        return self._cli

    def constant(self, e: ast.expr, scope) -> object:
        """The constant an expression holds (``Resolver.value``), or for ``args.warmup_epochs`` with ``args``
        holding ``parser.parse_args()`` (:meth:`parsed_args`) the ``default=`` of that option in this file; None
        when unknown."""
        v = self.res.value(e, scope)
        if v is None and isinstance(e, ast.Attribute) and self.holds_args(e.value, scope):
            v = self.cli_defaults().get(e.attr)
        return v

    def _cli_value(self, e: ast.Attribute, scope) -> object:
        """The ``default=`` of option ``e.attr`` when ``e.value`` holds ``parser.parse_args()`` (the resolver's hook)."""
        v = self.cli_defaults().get(e.attr)
        return v if v is not None and not isinstance(v, bool) and self.holds_args(e.value, scope) else None

    def _self_value(self, e: ast.Attribute, scope) -> tuple[ast.expr, object] | None:
        """``self.epochs`` in a method: the one value (and its scope) the class's methods assign to it."""
        fn = scope.node
        while fn is not None and id(fn) not in self.owner:
            fn = self.enclosing_function(fn)
        vals = self.self_assigns.get((self.owner[id(fn)], e.attr), []) if fn is not None else []
        return vals[0] if len(vals) == 1 else None

    def held(self, e: ast.AST, scope) -> tuple[ast.expr, object] | None:
        """The one value (and its scope) a name holds, or ``self.x`` is given in a method of the class."""
        if isinstance(e, ast.Name):
            v = scope.value_of(e.id)
            return (v, scope.scope_of_value(e.id)) if v is not None else None
        if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id == "self":
            return self._self_value(e, scope)
        return None

    def holds_args(self, e: ast.expr, scope) -> bool:
        """``args`` (:meth:`parsed_args`) or ``self.args`` set to ``parser.parse_args()`` or to such a name in a
        method of the class (``self.args = args``)."""
        if isinstance(e, ast.Name):
            return self.parsed_args(e.id, scope)
        found = self._self_value(e, scope) if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) \
            and e.value.id == "self" else None
        if found is None:
            return False
        v, home = found
        if isinstance(v, ast.Call) and ident(v.func) in ("parse_args", "parse_known_args"):
            return True
        return isinstance(v, ast.Name) and self.parsed_args(v.id, home)

    def parsed_args(self, name: str, scope, depth: int = 0) -> bool:
        """``name`` holds ``parser.parse_args()``: directly, through a variable or a parameter given it, or as what
        a function of the file returns (``args = parse_opts()``)."""
        v = scope.value_of(name)
        if isinstance(v, ast.Name) and depth < 4:
            return self.parsed_args(v.id, scope.scope_of_value(name), depth + 1)
        if not isinstance(v, ast.Call):
            return False
        if ident(v.func) in ("parse_args", "parse_known_args"):
            return True
        fn = self.functions.get(v.func.id) if isinstance(v.func, ast.Name) else None
        rets = [r.value for r in walk_no_defs(fn) if isinstance(r, ast.Return) and r.value is not None] if fn else []
        return bool(rets) and depth < 4 and all(
            (isinstance(r, ast.Call) and ident(r.func) in ("parse_args", "parse_known_args"))
            or (isinstance(r, ast.Name) and self.parsed_args(r.id, self.scopes[id(fn)], depth + 1)) for r in rets)

