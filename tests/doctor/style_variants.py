"""Mechanical style variants of a training script, each keeping its scheduling semantics.

Each transformation takes module source text and returns the rewritten text, or ``None`` when it
does not apply to that script (nothing to move, or a shape the rewrite cannot keep exact). The
rewrites are the styles real training scripts are written in: a ``main()`` behind the
``__name__`` guard, hyperparameters from argparse defaults or a config object, the batch loop in
a ``train_one_epoch`` helper, a tqdm bar around the loader, and a ``Trainer`` class.
"""

from __future__ import annotations

import ast
import builtins
import copy

HYPER = {"T_max", "step_size", "milestones", "total_steps", "epochs", "steps_per_epoch", "num_warmup_steps",
         "num_training_steps", "warmup_steps", "max_lr", "lr", "gamma", "patience", "T_0", "warmup_epochs",
         "num_epochs", "max_epochs", "eta_min", "factor", "warmup", "total_iters", "power", "step_size_up"}
BUILTINS = set(dir(builtins))
_GUARD = 'if __name__ == "__main__":\n    {}\n'


def _is_number(node) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def _is_hyper_value(node) -> bool:
    if isinstance(node, ast.List) and node.elts:
        return all(_is_number(e) and isinstance(e, ast.Constant) and type(e.value) is int for e in node.elts)
    return _is_number(node)


def _import_like(stmt) -> bool:
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return True
    if isinstance(stmt, ast.Try):
        return all(isinstance(s, (ast.Import, ast.ImportFrom, ast.Pass)) for s in stmt.body)
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)


def _split_imports(tree):
    head = []
    for i, s in enumerate(tree.body):
        if not _import_like(s):
            return head, tree.body[i:]
        head.append(s)
    return head, []


def _stored(node) -> set[str]:
    out = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
            out.add(n.id)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(n.name)
        elif isinstance(n, ast.arg):
            out.add(n.arg)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            out |= {(a.asname or a.name).split(".")[0] for a in n.names}
    return out


def _loaded(node) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _has_global(tree) -> bool:
    return any(isinstance(n, (ast.Global, ast.Nonlocal)) for n in ast.walk(tree))


def _module_code(rest) -> bool:
    """True when module-level statements (outside defs and classes) drive a loop or a step."""
    for s in rest:
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if any(isinstance(n, (ast.For, ast.While)) for n in ast.walk(s)):
            return True
    return False


def wrap_main(src: str) -> str | None:
    """(a) Everything but the imports into ``def main():`` called under the ``__name__`` guard."""
    tree = ast.parse(src)
    head, rest = _split_imports(tree)
    if not _module_code(rest) or _has_global(tree) or "__main__" in src:
        return None
    main = ast.parse("def main():\n    pass\n").body[0]
    main.body = rest
    tree.body = [*head, main, *ast.parse(_GUARD.format("main()")).body]
    return ast.unparse(ast.fix_missing_locations(tree))


class _Lift(ast.NodeTransformer):
    """Collect numeric hyperparameters: single-assignment module constants, keyword constants, range(N)."""

    def __init__(self, tree, make):
        self.make, self.values, self.renames = make, {}, {}
        stores = [n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
        args = {n.arg for n in ast.walk(tree) if isinstance(n, ast.arg)}
        for s in tree.body:
            if (isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)
                    and _is_hyper_value(s.value) and stores.count(s.targets[0].id) == 1
                    and s.targets[0].id not in args and s.targets[0].id.isidentifier()):
                self.renames[s.targets[0].id] = s

    def _key(self, base, value):
        key, i = base, 2
        while key in self.values and ast.dump(self.values[key]) != ast.dump(value):
            key, i = f"{base}_{i}", i + 1
        self.values[key] = value
        return key

    def visit_Assign(self, node):
        if any(node is s for s in self.renames.values()):
            key = self._key(node.targets[0].id, node.value)
            return ast.Assign(targets=node.targets, value=self.make(key), lineno=node.lineno)
        return self.generic_visit(node)

    def visit_keyword(self, node):
        if node.arg in HYPER and _is_hyper_value(node.value):
            return ast.keyword(arg=node.arg, value=self.make(self._key(node.arg, node.value)))
        return self.generic_visit(node)

    def visit_For(self, node):
        it = node.iter
        if (isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range"
                and len(it.args) == 1 and _is_number(it.args[0]) and not it.keywords):
            node.iter = ast.Call(func=it.func, args=[self.make(self._key("epochs", it.args[0]))], keywords=[])
        return self.generic_visit(node)


def _lift(src, make, header, owner):
    tree = ast.parse(src)
    if owner in {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} or (owner == "args" and "argparse" in src):
        return None   # the script has its own `args`/`cfg` (or parser): a second one would shadow it
    lift = _Lift(tree, make)
    tree = lift.visit(tree)
    if not lift.values:
        return None
    head, rest = _split_imports(tree)
    tree.body = [*head, *ast.parse(header(lift.values)).body, *rest]
    return ast.unparse(ast.fix_missing_locations(tree))


def _attr(obj):
    return lambda key: ast.Attribute(value=ast.Name(id=obj, ctx=ast.Load()), attr=key, ctx=ast.Load())


def _argparse_header(values):
    lines = ["import argparse", "parser = argparse.ArgumentParser()"]
    for key, v in values.items():
        if isinstance(v, ast.List):
            lines.append(f"parser.add_argument('--{key}', type=int, nargs='+', default={ast.unparse(v)})")
        else:
            kind = type(ast.literal_eval(v)).__name__
            lines.append(f"parser.add_argument('--{key}', type={kind}, default={ast.unparse(v)})")
    return "\n".join([*lines, "args = parser.parse_args()"])


def to_argparse(src: str) -> str | None:
    """(b) Numeric hyperparameters become argparse defaults read as ``args.NAME``."""
    return _lift(src, _attr("args"), _argparse_header, "args")


def to_cfg_dict(src: str) -> str | None:
    """(c) Numeric hyperparameters in a config dict read as ``cfg["NAME"]``."""
    def make(key):
        return ast.Subscript(value=ast.Name(id="cfg", ctx=ast.Load()), slice=ast.Constant(key), ctx=ast.Load())
    return _lift(src, make, lambda vals: "cfg = {%s}" % ", ".join(f"{k!r}: {ast.unparse(v)}" for k, v in vals.items()),
                 "cfg")


def to_namespace(src: str) -> str | None:
    """(c') Numeric hyperparameters on a ``SimpleNamespace`` config read as ``cfg.NAME``."""
    return _lift(src, _attr("cfg"), lambda vals: "from types import SimpleNamespace\ncfg = SimpleNamespace(%s)"
                 % ", ".join(f"{k}={ast.unparse(v)}" for k, v in vals.items()), "cfg")


def _parents(tree):
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            child.parent = node


def _steps(node) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "step"
               for n in ast.walk(node))


def _scope_of(node):
    while hasattr(node, "parent"):
        node = node.parent
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
            return node
    return node


def _inner_loop(tree):
    """The first batch loop (a ``for`` directly in an epoch ``for``'s body) that holds a ``.step()`` call."""
    for outer in ast.walk(tree):
        if not isinstance(outer, ast.For):
            continue
        for inner in outer.body:
            if isinstance(inner, ast.For) and _steps(inner) and not any(
                    isinstance(n, (ast.Return, ast.Yield, ast.YieldFrom, ast.Await)) for n in ast.walk(inner)):
                return outer, inner
    return None


def to_helper(src: str) -> str | None:
    """(d) The batch loop into ``def train_one_epoch(...)`` called from the epoch loop, its free names passed
    in and the names it sets that the caller reads returned."""
    tree = ast.parse(src)
    if "train_one_epoch" in src or _has_global(tree):
        return None
    _parents(tree)
    found = _inner_loop(tree)
    if found is None:
        return None
    outer, inner = found
    scope = _scope_of(outer)
    if isinstance(_scope_of(scope), ast.Module) is False or any(isinstance(p, ast.ClassDef) for p in _ancestors(outer)):
        return None
    module_names = {n for s in tree.body if isinstance(s, (ast.Import, ast.ImportFrom)) for n in _stored(s)}
    inside_stored = _stored(inner)
    outside = [n for n in ast.walk(scope) if not _within(n, inner)]
    outside_loaded = {n.id for n in outside if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    outside_stored = {n.id for n in outside if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    outside_stored |= {a.arg for a in outside if isinstance(a, ast.arg)}
    params = sorted(n for n in _loaded(inner) - BUILTINS - module_names
                    if n not in inside_stored or n in outside_stored)
    returns = sorted(n for n in inside_stored & outside_loaded if n not in module_names)
    fn = ast.parse(f"def train_one_epoch({', '.join(params)}):\n    pass\n").body[0]
    fn.body = [inner] + ([ast.parse(f"return {', '.join(returns)}").body[0]] if returns else [])
    call = f"train_one_epoch({', '.join(params)})"
    stmt = ast.parse(f"{', '.join(returns)} = {call}" if returns else call).body[0]
    outer.body[outer.body.index(inner)] = stmt
    top = next(s for s in tree.body if _within(outer, s))
    tree.body.insert(tree.body.index(top), fn)
    return ast.unparse(ast.fix_missing_locations(tree))


def _ancestors(node):
    while hasattr(node, "parent"):
        node = node.parent
        yield node


def _within(node, container) -> bool:
    return node is container or any(a is container for a in _ancestors(node))


def _loader_like(node, loaders) -> bool:
    return isinstance(node, ast.Name) and (node.id in loaders or "loader" in node.id.lower())


def to_tqdm(src: str) -> str | None:
    """(e) Every loop over a loader becomes ``for i, (x, y) in enumerate(tqdm(loader))``."""
    tree = ast.parse(src)
    if "tqdm" in src:
        return None
    loaders = {t.id for n in ast.walk(tree) if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call)
               and getattr(n.value.func, "id", getattr(n.value.func, "attr", "")) == "DataLoader"
               for t in n.targets if isinstance(t, ast.Name)}
    changed = False
    for loop in ast.walk(tree):
        if not isinstance(loop, ast.For):
            continue
        it = loop.iter
        if _loader_like(it, loaders):
            loop.target = ast.Tuple(elts=[ast.Name(id="_batch_idx", ctx=ast.Store()), loop.target], ctx=ast.Store())
            loop.iter = ast.parse(f"enumerate(tqdm({it.id}))", mode="eval").body
            changed = True
        elif (isinstance(it, ast.Call) and getattr(it.func, "id", "") == "enumerate" and len(it.args) == 1
              and _loader_like(it.args[0], loaders)):
            it.args[0] = ast.parse(f"tqdm({it.args[0].id})", mode="eval").body
            changed = True
    if not changed:
        return None
    head, rest = _split_imports(tree)
    tree.body = [*head, ast.parse("from tqdm import tqdm").body[0], *rest]
    return ast.unparse(ast.fix_missing_locations(tree))


class _ToSelf(ast.NodeTransformer):
    def __init__(self, names):
        self.names = names

    def visit_Name(self, node):
        if node.id in self.names:
            return ast.copy_location(ast.Attribute(value=ast.Name(id="self", ctx=ast.Load()), attr=node.id,
                                                   ctx=node.ctx), node)
        return node

    def visit_Lambda(self, node):
        bound = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
        inner = _ToSelf(self.names - bound)
        node.body = inner.visit(node.body)
        return node


def to_trainer(src: str) -> str | None:
    """(f) Setup into ``Trainer.__init__`` (every name it sets on ``self``), the loops into ``Trainer.fit()``."""
    tree = ast.parse(src)
    head, rest = _split_imports(tree)
    if (not _module_code(rest) or _has_global(tree) or "__main__" in src or "self" in src
            or any(isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) for s in rest)
            or any(isinstance(n, (ast.Import, ast.ImportFrom, ast.comprehension)) for s in rest for n in ast.walk(s))):
        return None
    first = next(i for i, s in enumerate(rest) if any(isinstance(n, (ast.For, ast.While)) for n in ast.walk(s)))
    setup, fit = rest[:first], rest[first:]
    if not setup:
        return None
    names = set().union(*(_stored(s) for s in setup))
    to_self = _ToSelf(names)
    setup = [to_self.visit(copy.deepcopy(s)) for s in setup]
    fit = [to_self.visit(copy.deepcopy(s)) for s in fit]
    cls = ast.parse("class Trainer:\n    def __init__(self):\n        pass\n    def fit(self):\n        pass\n").body[0]
    cls.body[0].body, cls.body[1].body = setup, fit
    tree.body = [*head, cls, *ast.parse(_GUARD.format("Trainer().fit()")).body]
    return ast.unparse(ast.fix_missing_locations(tree))


TRANSFORMS = {"main": wrap_main, "argparse": to_argparse, "cfg_dict": to_cfg_dict, "namespace": to_namespace,
              "helper": to_helper, "tqdm": to_tqdm, "trainer": to_trainer}
