"""Values and units of expressions: constant propagation within a scope, and whether a length counts epochs,
steps (batches or updates) or samples, read from where the value comes from and from names that state a unit.
(Just over 400 lines: value propagation and unit reading recurse into each other, so they stay one module.)

>>> import ast
>>> from lrkit.doctor.symbols import Imports, Scope
>>> tree = ast.parse("total = len(train_loader) * epochs\\nwarm = int(0.1 * total)")
>>> scope = Scope(tree, None)
>>> scope.assigns = {"total": [tree.body[0].value], "warm": [tree.body[1].value]}
>>> r = Resolver(Imports(tree))
>>> r.sizing(ast.parse("total").body[0].value, scope), r.sizing(ast.parse("len(train_dataset)").body[0].value, scope)
('steps', 'samples')
"""

from __future__ import annotations

import ast
import operator
import re
from typing import Any

from .context import unwrap
from .symbols import ACCUM_WORD, BATCH_WORD, DATASET_WORD, EPOCH_NAME, LOADER_WORD, STEP_NAME, Imports, Scope, ident
from .namedtuples import positional_field, settings_default

__all__ = ["Resolver", "batching_classes", "data_sources"]


#: Python's arithmetic and comparison operators by their ``ast`` node types; each evaluator of the doctor
#: (``Resolver.value``, the first-pass tests, the first factor of a LambdaLR) allows its own subset.
BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
          ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow}
COMPARE = {ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Lt: operator.lt, ast.LtE: operator.le,
           ast.Eq: operator.eq, ast.NotEq: operator.ne}
_VALUE_OPS = (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Div)


def arith(op: ast.operator, a: Any, b: Any) -> Any:
    """``a op b`` (:data:`BINOPS`); None when it fails (a division by zero, an overflow).

    >>> arith(ast.FloorDiv(), 7, 2), arith(ast.Div(), 1, 0)
    (3, None)
    """
    try:
        return BINOPS[type(op)](a, b)
    except (ZeroDivisionError, OverflowError):
        return None


class Resolver:
    """Constant propagation (simple, same scope) and unit sizing of expressions."""

    def __init__(self, imports: Imports):
        self.imports = imports
        self._datasets: dict[int, set[str]] = {}   # scope -> names fed to a DataLoader there
        self.batching: set[str] = set()   # the file's classes that hand out batches themselves (batching_classes)
        self.classes: dict[str, ast.ClassDef] = {}   # the file's classes, for a settings class's defaults (by the walk)
        self.cli = None   # (args.epochs, scope) -> the option's argparse `default=` in the file, set by the walk
        self.attr = None   # (self.epochs, scope) -> (value, its scope) set in the class's methods, set by the walk

    def value(self, expr: ast.AST | None, scope: Scope, depth: int = 0) -> Any:
        """A number, a list of numbers or a string, when the expression is resolvable; else None."""
        if expr is None or depth > 12:
            return None
        if isinstance(expr, ast.Constant) and isinstance(expr.value, (int, float, str)) \
                and not isinstance(expr.value, bool):
            return expr.value
        if isinstance(expr, ast.Name):
            v = scope.value_of(expr.id)
            return self.value(v, scope.scope_of_value(expr.id), depth + 1) if v is not None else None
        if isinstance(expr, (ast.List, ast.Tuple)):
            vals = [self.value(e, scope, depth + 1) for e in expr.elts]
            return None if any(v is None for v in vals) else vals
        if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub):
            v = self.value(expr.operand, scope, depth + 1)
            return -v if isinstance(v, (int, float)) else None
        if isinstance(expr, ast.BinOp):
            a, b = self.value(expr.left, scope, depth + 1), self.value(expr.right, scope, depth + 1)
            if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) \
                    or not isinstance(expr.op, _VALUE_OPS):
                return None
            return arith(expr.op, a, b)
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id in ("int", "round") \
                and len(expr.args) == 1 and not expr.keywords:
            v = self.value(expr.args[0], scope, depth + 1)
            return int(v) if expr.func.id == "int" and isinstance(v, (int, float)) else (
                round(v) if isinstance(v, (int, float)) else None)
        if isinstance(expr, (ast.Subscript, ast.Attribute)) and isinstance(expr.value, ast.Name):
            written = scope.value_of(ast.unparse(expr))   # `args["max_eps"] = 15`, `cfg.epochs = 10`
            if written is not None:
                return self.value(written, scope.scope_of_value(ast.unparse(expr)), depth + 1)
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            built = scope.value_of(expr.value.id)   # `config = GPTConfig(epochs=2, ...)` ... `config.epochs`
            if isinstance(built, ast.Call):
                kw = next((k.value for k in built.keywords if k.arg == expr.attr), None) or positional_field(
                    built, expr.attr, scope.scope_of_value(expr.value.id))   # `Config(2, 0.05, ...)`, a namedtuple
                if kw is not None:
                    return self.value(kw, scope.scope_of_value(expr.value.id), depth + 1)
            default = settings_default(self.classes, scope, expr.value.id, expr.attr)   # `TrainingConfig()`, `CFG.x`
            if default is not None:
                return self.value(default, scope, depth + 1)
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "self" \
                and self.attr is not None:
            found = self.attr(expr, scope)
            if found is not None:
                return self.value(found[0], found[1], depth + 1)
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, (ast.Name, ast.Attribute)) and self.cli is not None:
            v = self.cli(expr, scope)   # `args.epochs` with `args = parser.parse_args()`: the script's default run
            if v is not None:
                return v
        if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name):
            name, home = expr.value.id, scope
            d = home.value_of(name)
            for _ in range(4):   # `parameters` handed on by a caller: its dict where it was built
                if not isinstance(d, ast.Name):
                    break
                home, name = home.scope_of_value(name), d.id
                d = home.value_of(name)
            if isinstance(d, ast.Dict) and isinstance(expr.slice, ast.Constant):
                for k, v in zip(d.keys, d.values):
                    if isinstance(k, ast.Constant) and k.value == expr.slice.value:
                        return self.value(v, home.scope_of_value(name), depth + 1)
        return None

    def _on_self(self, expr: ast.AST, scope: Scope) -> tuple[ast.expr, Scope] | None:
        """The one value (and its scope) another method of the class gives ``self.x``, for ``self.x``."""
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "self" \
                and self.attr is not None:
            return self.attr(expr, scope)
        return None

    def written(self, expr: ast.AST | None, scope: Scope) -> Any:
        """:meth:`value` from what the file writes only, not from an option's default (which a run may change)."""
        cli, self.cli = self.cli, None
        try:
            return self.value(expr, scope)
        finally:
            self.cli = cli

    def sizing(self, expr: ast.AST | None, scope: Scope, depth: int = 0) -> str | None:
        """The unit an expression counts in: ``"epochs"``, ``"steps"`` (batches or updates), ``"samples"``.

        Read from the value's origin (``len(train_loader) * epochs``, ``len(dataset)``) and from names that
        state the unit of a whole run (``num_epochs``, ``num_training_steps``); None when neither shows it.
        ``step_size`` or ``lr_steps`` say nothing of their unit and give None.
        """
        if expr is None or depth > 12:
            return None
        if isinstance(expr, ast.Call):
            f = expr.func
            fname = ident(f)
            if isinstance(f, ast.Name) and f.id == "len" and len(expr.args) == 1:
                return self.len_unit(expr.args[0], scope)
            if fname in ("int", "round", "ceil", "floor", "max", "min", "float") and expr.args:
                sizes = {self.sizing(a, scope, depth + 1) for a in expr.args} - {None}
                return sizes.pop() if len(sizes) == 1 else None
            return None
        name = ident(expr)
        if name is not None:
            if isinstance(expr, ast.Name):   # where the value comes from says more than its name
                v = scope.value_of(expr.id)
                if v is not None:
                    unit = self.sizing(v, scope.scope_of_value(expr.id), depth + 1)
                    if unit is not None:
                        return unit
            found = self._on_self(expr, scope)
            if found is not None:   # `self.total_steps = len(self.loader) * epochs` set in `__init__`
                unit = self.sizing(found[0], found[1], depth + 1)
                if unit is not None:
                    return unit
            low = name.lower()
            if low == "total_iters":   # torch's own parameter name (LinearLR, ConstantLR): it counts step() calls
                return None            # in whatever unit the loop steps, so `cfg["total_iters"]` shows no unit
            if "warm" not in low and STEP_NAME.search(low):
                return "steps"
            if EPOCH_NAME.search(low):
                return "epochs"
            return None
        if isinstance(expr, ast.BinOp):
            a, b = self.sizing(expr.left, scope, depth + 1), self.sizing(expr.right, scope, depth + 1)
            if isinstance(expr.op, ast.Mult):
                if "samples" in (a, b):
                    return "samples"
                if "steps" in (a, b):
                    return "steps"
                if "epochs" in (a, b):
                    other = expr.right if a == "epochs" else expr.left
                    if a == b or self.value(other, scope) is not None or self._countish(other):
                        return "epochs"
                return None
            if isinstance(expr.op, (ast.Div, ast.FloorDiv)):
                if a == "samples" and (b is None or b == "samples"):
                    if self._batchish(expr.right, scope):
                        return "steps"
                    # examples shared out among processes, models or folds are still examples
                    return "samples" if self._sharer(expr.right) else None
                if b is None and a in ("steps", "epochs"):
                    return a
                return None
            if isinstance(expr.op, (ast.Add, ast.Sub)):
                sizes = {a, b} - {None}
                if len(sizes) == 1:
                    return sizes.pop()
                return None
            return None
        if isinstance(expr, (ast.List, ast.Tuple)) and expr.elts:
            sizes = {self.sizing(e, scope, depth + 1) for e in expr.elts}
            return sizes.pop() if len(sizes) == 1 else None
        return None

    def fraction_sizing(self, expr: ast.AST | None, scope: Scope, depth: int = 0) -> str | None:
        """The unit of a warmup, which is a fraction of a count: ``total // 10``, ``int(0.1 * total)``,
        ``total * 3 // 100``, ``math.ceil(total * ratio)`` count what ``total`` counts. A division by a power of
        two may be a batch size (``len(ds) // 32``) and gives None unless :meth:`sizing` knows better."""
        unit = self.sizing(expr, scope)
        if unit is not None or expr is None or depth > 8:
            return unit
        if isinstance(expr, ast.Call) and ident(expr.func) in ("int", "round", "ceil", "floor", "max", "min") \
                and expr.args and not expr.keywords:
            units = {self.fraction_sizing(a, scope, depth + 1) for a in expr.args
                     if not isinstance(a, ast.Constant)} - {None}
            return units.pop() if len(units) == 1 else None
        if isinstance(expr, ast.Name):
            v = scope.value_of(expr.id)
            return self.fraction_sizing(v, scope.scope_of_value(expr.id), depth + 1) if v is not None else None
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Div, ast.FloorDiv)):
            c = self.value(expr.right, scope)
            if isinstance(c, (int, float)) and c > 1 and not (isinstance(c, int) and c & (c - 1) == 0) \
                    and not self._batchish(expr.right, scope):
                return self.fraction_sizing(expr.left, scope, depth + 1)
            return None
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult):
            for a, b in ((expr.left, expr.right), (expr.right, expr.left)):
                c = self.value(b, scope)
                ratio = ident(b) is not None and re.search(r"ratio|frac|pct|percent|proportion", ident(b).lower())
                if (isinstance(c, (int, float)) and 0 < c < 1) or ratio:
                    return self.fraction_sizing(a, scope, depth + 1)
        return None

    def _countish(self, expr: ast.AST) -> bool:
        name = ident(expr)
        return name is not None and bool(re.search(r"mult|factor|cycles?|times|repeat", name.lower()))

    def _sharer(self, expr: ast.AST) -> bool:
        name = ident(expr)
        return name is not None and bool(re.search(
            r"(^|_)(num_|n_)?(models|gpus?|world_size|processes|devices|replicas|nodes|folds|ranks)$", name.lower()))

    def _batchish(self, expr: ast.AST, scope: Scope) -> bool:
        for n in ast.walk(expr):
            name = ident(n)
            if name and BATCH_WORD.search(name.lower()):
                return True
        return False

    def len_unit(self, arg: ast.AST, scope: Scope) -> str | None:
        """``len(train_loader)`` counts batches ("steps"), ``len(train_dataset)`` examples ("samples")."""
        arg = unwrap(arg)
        if isinstance(arg, ast.Attribute) and arg.attr == "dataset":
            return "samples"
        # `len(self.train_dataloader())`: the name of what is called
        name = ident(arg.func) if isinstance(arg, ast.Call) and not arg.args else ident(arg)
        found = self._on_self(arg, scope)
        if found is not None and isinstance(found[0], ast.Call):   # `self.loader = DataLoader(...)`
            q = self.imports.qual(found[0].func) or ident(found[0].func) or ""
            if q.rsplit(".", 1)[-1] == "DataLoader" or q in self.batching:
                return "steps"
        if isinstance(arg, ast.Name):
            known = _obj_in(scope, arg.id)
            if known is not None and known.kind == "loader":
                return "steps"   # `train_dataset, val_dataset = make_loaders(...)` handing back DataLoaders
            v = scope.value_of(arg.id)
            if isinstance(v, ast.Call):
                q = self.imports.qual(v.func) or ident(v.func) or ""
                if q.rsplit(".", 1)[-1] == "DataLoader" or q in self.batching:
                    return "steps"
                if re.search(r"Dataset$|TensorDataset", q):
                    return "samples"
            if self._fed_to_loader(arg.id, scope):
                return "samples"   # `DataLoader(corpus, batch_size=32)`: corpus holds examples
        if name is None:
            return None
        low = name.lower()
        if LOADER_WORD.search(low) or low in ("batches", "train_batches"):
            return "steps"
        if DATASET_WORD.search(low):
            return "samples"
        return None

    def _fed_to_loader(self, name: str, scope: Scope) -> bool:
        """Whether ``name`` is the dataset of a ``DataLoader(name, ...)`` assigned in this scope or an outer one."""
        s: Scope | None = scope
        while s is not None:
            if id(s) not in self._datasets:
                self._datasets[id(s)] = data_sources(s, [
                    first for vals in s.assigns.values() for v in vals
                    if isinstance(v, ast.Call) and not _unbatched(v)
                    and ((self.imports.qual(v.func) or ident(v.func) or "").rsplit(".", 1)[-1] == "DataLoader"
                         or ident(v.func) in self.batching)
                    for first in [v.args[0] if v.args else next(
                        (k.value for k in v.keywords if k.arg == "dataset"), None)]
                    if first is not None])
            if name in self._datasets[id(s)]:
                return True
            s = s.parent
        return False

    def accumulation(self, expr: ast.AST | None, scope: Scope, depth: int = 0) -> str | None:
        """How a length uses gradient accumulation: ``"div"`` (divided by it), ``"mul"`` (multiplied), or None."""
        if expr is None or depth > 8:
            return None
        if isinstance(expr, ast.BinOp):
            if isinstance(expr.op, (ast.Div, ast.FloorDiv)) and any(
                    ident(n) and ACCUM_WORD.search(ident(n).lower()) for n in ast.walk(expr.right)):
                return "div"
            if isinstance(expr.op, ast.Mult):
                for side in (expr.left, expr.right):
                    name = ident(side)
                    if name and ACCUM_WORD.search(name.lower()):
                        return "mul"
            return self.accumulation(expr.left, scope, depth + 1) or self.accumulation(expr.right, scope, depth + 1)
        if isinstance(expr, ast.Call):
            for a in expr.args:
                r = self.accumulation(a, scope, depth + 1)
                if r:
                    return r
            return None
        if isinstance(expr, ast.Name):
            v = scope.value_of(expr.id)
            if v is not None:
                return self.accumulation(v, scope.scope_of_value(expr.id), depth + 1)
        return None


def batching_classes(classes: dict[str, ast.ClassDef]) -> set[str]:
    """The file's own loaders: subclasses of ``DataLoader``, and classes that hand out batches themselves (a
    ``__next__`` or ``__iter__``, a ``batch_size`` parameter to ``__init__``) and are not a torch ``Dataset``;
    ``len()`` of one counts what it
    says, not examples, whatever the variable holding it is named (``train_dataset = FolderBatches(path, 16)``).
    One whose ``__len__`` returns the number of its examples (``len(self.samples)``) is left out.

    >>> import ast
    >>> tree = ast.parse("class Batches:\\n def __init__(self, path, batch_size): pass\\n def __next__(self): pass")
    >>> batching_classes({"Batches": tree.body[0]})
    {'Batches'}
    >>> tree = ast.parse("class Stream(Batches):\\n def __len__(self): return len(self.samples)")
    >>> tree.body[0].body[:0] = ast.parse("def __init__(self, batch_size): pass\\ndef __iter__(self): pass").body
    >>> batching_classes({"Stream": tree.body[0]})
    set()
    """
    out = set()
    for name, c in classes.items():
        if any((ident(b) or "").rsplit(".", 1)[-1].endswith("DataLoader") for b in c.bases):
            out.add(name)   # `class DataLoaderX(DataLoader)` (a prefetching subclass): a torch loader
            continue
        defs = {m.name: m for m in c.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))}
        init = defs.get("__init__")
        if init is None or not ({"__next__", "__iter__"} & set(defs)) or any(
                "Dataset" in (ident(b) or "") for b in c.bases):
            continue
        if any(BATCH_WORD.search(a.arg.lower()) for a in init.args.args + init.args.kwonlyargs) \
                and not _counts_examples(defs.get("__len__")):
            out.add(name)
    return out


def _counts_examples(fn: ast.FunctionDef | None) -> bool:
    """``__len__`` returns the length of its examples (``len(self.samples)``), not divided by the batch size."""
    rets = [r.value for r in ast.walk(fn) if isinstance(r, ast.Return) and r.value is not None] if fn else []
    return any(isinstance(r, ast.Call) and ident(r.func) == "len" and r.args
               and DATASET_WORD.search((ident(r.args[0]) or "").rsplit(".", 1)[-1].lower()) for r in rets)


def _unbatched(call: ast.Call) -> bool:
    """``DataLoader(batches, batch_size=None)``: no automatic batching, each item of its dataset is a batch."""
    return any(k.arg == "batch_size" and isinstance(k.value, ast.Constant) and k.value.value is None
               for k in call.keywords)


def _data_names(expr: ast.AST) -> set[str]:
    """The names an expression reads its data from: not what it calls (``tokenizer(texts)`` reads ``texts``)."""
    called = {id(n.func) for n in ast.walk(expr) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    return {n.id for n in ast.walk(expr) if isinstance(n, ast.Name) and id(n) not in called}


def data_sources(scope: Scope, datasets: list[ast.expr], depth: int = 4) -> set[str]:
    """The names a loader's dataset is made from in this scope, through the assignments that build it:
    ``texts`` -> ``enc = tokenizer(texts)`` -> ``TensorDataset(enc["input_ids"], labels)`` (set 21). Each holds
    the examples, so ``len()`` of any of them counts examples, never batches."""
    found: set[str] = set()
    frontier = set().union(*(_data_names(d) for d in datasets)) if datasets else set()
    for _ in range(depth):
        found |= frontier
        frontier = {m for name in frontier for v in scope.assigns.get(name, ())
                    if not isinstance(v, ast.Starred) for m in _data_names(v)} - found
    return found | frontier


def _obj_in(scope: Scope, name: str, depth: int = 0):
    """The tracked object a name holds in this scope or an enclosing one (stops where the name is assigned)."""
    s: Scope | None = scope
    while s is not None:
        if name in s.objs:
            return s.objs[name]
        if name in s.params and name not in s.assigns and name in s.passed:
            arg, caller = s.passed[name]   # a parameter given a name by the function's one call
            return _obj_in(caller, arg.id, depth + 1) if isinstance(arg, ast.Name) and depth < 6 else None
        if name in s.assigns or name in s.params:
            return None
        s = s.parent
    return None
