"""A schedule sized with the length of other data than the loop that steps it reads (LR055).

``scheduler = get_linear_schedule_with_warmup(opt, ..., num_training_steps=len(train_dataset) * epochs)`` copied
from a first training stage to a second one that reads ``DataLoader(stage2_dataset, batch_size=1)``; or
``OneCycleLR(..., steps_per_epoch=len(val_loader))`` stepped in the loop over ``train_loader``. The length
counts the batches (or examples) of one dataset and the scheduler is stepped once per batch of another, so its
warm-up and its end fall wherever the two sizes put them.

Reported only when both are plain to see in one function: the length holds one ``len(X)``, the batch loop
around the step reads one ``DataLoader(D, ...)`` (through wrappers and a helper's parameters), ``X`` is neither
that loader nor ``D``, neither is built from the other, ``X`` is a loader or the dataset of another
``DataLoader`` of the file, and the loop does not read ``X`` too (``next(unlabeled_iter)`` beside it).

A length that counts the loaders, not the batches of one, is the same mistake: ``len(loaders)`` where ``loaders``
holds the train, validation and test loaders (a tuple unpacked or indexed in the function, ``train_it =
loaders[0]``, or a literal ``{"train": train_loader, "val": val_loader}``) is 2 or 3, whatever the data.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from .context import WRAPPERS, Ctx, Loop, unwrap
from .symbols import LOADER_WORD, Obj, ident, key_of, text
from .units import data_sources

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["sized_on_other_data"]


def sized_on_other_data(chk: "Checker") -> None:
    r"""LR055 at the constructor of a scheduler sized with ``len()`` of other data than its batch loop reads.

    >>> from lrkit.doctor import check_source
    >>> src = ("import torch\nfrom torch.utils.data import DataLoader\nnet = torch.nn.Linear(2, 1)\n"
    ...        "train_loader = DataLoader(train_set, batch_size=32)\nval_loader = DataLoader(val_set, batch_size=32)\n"
    ...        "opt = torch.optim.SGD(net.parameters(), lr=0.1)\n"
    ...        "sched = torch.optim.lr_scheduler.OneCycleLR(opt, 0.1, epochs=5, steps_per_epoch=len(val_loader))\n"
    ...        "for epoch in range(5):\n    for x, y in train_loader:\n"
    ...        "        net(x).sum().backward()\n        opt.step()\n        sched.step()\n")
    >>> [(f.code, f.line) for f in check_source(src, "t.py")]
    [('LR055', 7)]
    """
    done: set[int] = set()
    for ev in chk.m.sched_steps:
        o = ev.obj
        if id(o) in done or ev.by != "hand" or o.kind != "scheduler" or chk.stepping_quiet(ev) != "batch":
            continue
        loop = next((x for x in reversed(ev.path) if isinstance(x, Loop) and x.kind == "batch"), None)
        if loop is None or not isinstance(loop.node, ast.For) or loop.scope is not ev.ctx.scope:
            continue
        lo = chk.m.lookup(unwrap(loop.node.iter, frozenset()), ev.ctx)
        read = _dataset(lo)
        if read is None or o.scope is None:
            continue
        for arg, x in _lengths(chk, o):
            lx = chk.m.lookup(x, Ctx(o.scope, cls=chk.cls_of(o), bindings=o.bindings))
            loader = lx is not None and lx.kind == "loader"
            # names compare within one function: the scheduler's and the loop's loader's, or the two loaders'
            # (both handed to a Trainer's constructor from the same place)
            if not (lo.scope is o.scope or (loader and lx.scope is lo.scope)):
                continue
            counted = _dataset(lx) if loader else x
            known = chk.m.imports.alias
            if lx is lo or counted is None or _related(lo.scope, counted, read, known) \
                    or _related(lo.scope, x if lo.scope is o.scope else ast.Name(lx.name), ast.Name(lo.name), known):
                continue
            if not loader and not (isinstance(x, ast.Name) and chk.res._fed_to_loader(x.id, o.scope)):
                continue   # not shown to be another run's data
            if _reads(loop.node, x, o.scope) or (loader and _reads(loop.node, ast.Name(lx.name), lo.scope)):
                continue
            done.add(id(o))
            reads = f"`{lo.name}`" + (f", which reads `{text(read)}`" if key_of(read) is not None else "")
            chk.add(o.node, "LR055", sched_desc=o.desc, length=f"{arg}={text(o.arg(arg))}", counted=text(x),
                    loader=lo.name, reads=reads)
            break
    _sized_on_loader_count(chk, done)
    _sized_on_sibling_loader(chk, done)


def _sized_on_loader_count(chk: "Checker", done: set[int]) -> None:
    """LR055 for a schedule stepped every batch and sized with ``len(X)`` where ``X`` bundles several loaders
    (the train, test and validation iterators): that length is the number of loaders."""
    for ev in chk.m.sched_steps:
        o = ev.obj
        if id(o) in done or ev.by != "hand" or o.kind != "scheduler" or o.scope is None \
                or chk.stepping_quiet(ev) != "batch":
            continue
        for arg, x in _lengths(chk, o):
            parts = _loader_parts(chk, o, x) if isinstance(x, ast.Name) else []
            if len(parts) < 2:
                continue
            done.add(id(o))
            chk.add(o.node, "LR055", sched_desc=o.desc, length=f"{arg}={text(o.arg(arg))}", counted=x.id,
                    loader=parts[0], reads=f"one of the {len(parts)} loaders `{x.id}` holds ({', '.join(parts)}), "
                    f"so `len({x.id})` counts the loaders ({len(parts)}), not their batches",
                    message=f"{o.desc} is sized with `{arg}={text(o.arg(arg))}`, but `{x.id}` holds "
                            f"{len(parts)} loaders ({', '.join(parts)}): its length is {len(parts)}, not a count of "
                            f"batches, and the scheduler is stepped once per batch of one of them, so its schedule "
                            f"ends after a few batches")
            break


def _loader_parts(chk: "Checker", o: Obj, x: ast.Name) -> list[str]:
    """The loaders the name ``x`` holds in the scheduler's function, when it is a bundle of them: a literal
    tuple, list or dict of loaders, or a value unpacked (``a, b = x``) or indexed with constants (``a = x[0]``)
    into names that are loaders. Empty when ``x`` is not shown to be one."""
    scope = o.scope.scope_of_value(x.id)
    ctx = Ctx(o.scope, cls=chk.cls_of(o), bindings=o.bindings)

    def loader(e: ast.expr) -> str | None:
        lo = chk.m.lookup(e, ctx) if isinstance(e, (ast.Name, ast.Attribute)) else None
        name = key_of(e)
        if (lo is not None and lo.kind == "loader") or (name is not None and LOADER_WORD.search(name.lower())):
            return name
        return None

    vals = [v for v in scope.assigns.get(x.id, []) if isinstance(v, ast.AST)]
    if len(vals) == 1 and isinstance(vals[0], (ast.Tuple, ast.List, ast.Dict)):
        elts = vals[0].values if isinstance(vals[0], ast.Dict) else vals[0].elts
        names = [loader(e) for e in elts]
        return [n for n in names if n] if all(names) else []
    parts: dict[object, str | None] = {}
    for n in ast.walk(scope.node):
        if not isinstance(n, ast.Assign) or len(n.targets) != 1:
            continue
        t, v = n.targets[0], n.value
        pairs = list(zip(t.elts, v.elts)) if isinstance(t, ast.Tuple) and isinstance(v, ast.Tuple) \
            and len(t.elts) == len(v.elts) else [(t, v)]
        for tgt, val in pairs:
            if isinstance(val, ast.Subscript) and key_of(val.value) == x.id and isinstance(val.slice, ast.Constant):
                parts[val.slice.value] = loader(tgt)
        if isinstance(t, ast.Tuple) and key_of(v) == x.id:
            parts.update({i: loader(e) for i, e in enumerate(t.elts)})
    return [n for n in parts.values() if n] if parts and all(parts.values()) else []


def _lengths(chk: "Checker", o: Obj) -> list[tuple[str, ast.expr]]:
    """The ``len(X)`` of each length argument holding exactly one (through the argument's one assignment)."""
    cands = [(a, o.arg(a)) for a in ("steps_per_epoch", "total_steps") if o.cls == "OneCycleLR"]
    L = chk.length_of(o)
    cands += [L] if L is not None else []
    out = []
    for arg, e in cands:
        if e is None:
            continue
        if isinstance(e, ast.Name) and o.scope is not None and o.scope.value_of(e.id) is not None:
            e = o.scope.value_of(e.id)
        lens = [n for n in ast.walk(e) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                and n.func.id == "len" and len(n.args) == 1]
        if len(lens) == 1 and key_of(lens[0].args[0]) is not None:
            out.append((arg, lens[0].args[0]))
    return out


def _dataset(lo: Obj | None) -> ast.expr | None:
    """What a ``DataLoader(...)`` reads: its first argument or ``dataset=``."""
    if lo is None or lo.kind != "loader" or not isinstance(lo.node, ast.Call) or lo.cls != "DataLoader":
        return None
    call = lo.node
    return call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "dataset"), None)


def _names(e: ast.AST, known: dict[str, str]) -> set[str]:
    """The variables an expression reads (not the functions it calls, nor imported modules)."""
    callees = {id(n.func) for n in ast.walk(e) if isinstance(n, ast.Call)}
    return {k for n in ast.walk(e) if id(n) not in callees and (k := key_of(n)) is not None
            and k != "self" and k not in known}


def _related(scope, a: ast.expr, b: ast.expr, known: dict[str, str]) -> bool:
    """The two name the same data, or one is built from the other (``Subset(train_ds, idx)``, a wrapper)."""
    na, nb = _names(a, known), _names(b, known)
    if na & nb:
        return True
    for mine, other in ((na, nb), (nb, na)):
        for name in mine:
            if any(other & _names(v, known) for v in scope.assigns.get(name, []) if isinstance(v, ast.AST)):
                return True
    # through several assignments: `texts` -> `enc = tokenizer(texts)` -> `TensorDataset(enc["input_ids"])`
    own = {k for k in data_sources(scope, [a]) | data_sources(scope, [b]) if k not in known and k != "self"}
    return bool(na & data_sources(scope, [b]) & own or nb & data_sources(scope, [a]) & own)


def _reads(loop: ast.For, x: ast.expr, scope) -> bool:
    """The loop reads ``x`` as well: by name, or through a wrapper of it (``it = iter(x)``, ``cycle(x)``)."""
    names = {key_of(x)} | {k for k, vals in scope.assigns.items()
                           if any(isinstance(v, ast.Call) and v.args and ident(v.func) in WRAPPERS
                                  and key_of(v.args[0]) == key_of(x) for v in vals)}
    return any(key_of(n) in names for st in loop.body for n in ast.walk(st))


def _sized_on_sibling_loader(chk: "Checker", done: set[int]) -> None:
    """LR055 where the two loaders come from one factory the doctor cannot read (``train_loader =
    load_data(df_train, ...)``, ``valid_loader = load_data(df_valid, ...)`` from a star import): the schedule
    counts ``len(train_loader)`` and the batch loop that steps it reads ``valid_loader``. Both names are loaders by
    name, one the training split's and the other a held-out split's (``val``, ``valid``, ``test``, ``dev``), each
    assigned once in the one scope of the scheduler and the loop, from calls of the same function with other
    arguments, and the loop does not read the counted one too (two training loaders, with and without
    augmentation, may well be as long as each other)."""
    for ev in chk.m.sched_steps:
        o = ev.obj
        if id(o) in done or ev.by != "hand" or o.kind != "scheduler" or o.scope is None \
                or chk.stepping_quiet(ev) != "batch":
            continue
        loop = next((x for x in reversed(ev.path) if isinstance(x, Loop) and x.kind == "batch"), None)
        if loop is None or not isinstance(loop.node, ast.For):
            continue
        read = unwrap(loop.node.iter, frozenset())
        if not isinstance(read, ast.Name) or chk.m.lookup(read, ev.ctx) is not None:
            continue   # a loader the doctor knows: judged above
        made = _factory_call(loop.scope, read.id)
        for arg, x in _lengths(chk, o):
            other = _factory_call(o.scope, x.id) if isinstance(x, ast.Name) else None
            if made is None or other is None or made[1] is other[1] or ident(made[1].func) != ident(other[1].func) \
                    or ast.dump(made[1]) == ast.dump(other[1]) or _reads(loop.node, x, o.scope) \
                    or {_split(made[0]), _split(other[0])} != {"train", "held-out"}:
                continue
            done.add(id(o))
            chk.add(o.node, "LR055", sched_desc=o.desc, length=f"{arg}={text(o.arg(arg))}", counted=other[0],
                    loader=made[0], reads=f"`{made[0]}`")
            break


def _factory_call(scope, name: str) -> tuple[str, ast.Call] | None:
    """The loader-named variable and the one call assigned to it (``valid_loader = load_data(df_valid, 18)``),
    through a helper's parameter given it at the helper's one call."""
    for _ in range(3):
        if name not in scope.params or name not in scope.passed:
            break
        arg, scope = scope.passed[name]
        if not isinstance(arg, ast.Name):
            return None
        name = arg.id
    v = scope.assigns.get(name, [])
    if not LOADER_WORD.search(name) or len(v) != 1 or not isinstance(v[0], ast.Call) or ident(v[0].func) is None:
        return None
    return name, v[0]


def _split(name: str) -> str | None:
    """"train" or "held-out" for a loader's name (``train_loader``, ``valid_dl``), None when it says neither."""
    words = set(re.split(r"[_\W\d]+", name.lower()))
    if words & {"val", "valid", "validation", "test", "dev", "eval", "holdout"}:
        return "held-out"
    return "train" if words & {"train", "training", "tr", "trn"} else None
