"""Schedulers built on the wrong optimizer (LR021): a copy-paste binding, and a menu that builds them all.

- **Copy-paste binding.** ``scheduler_d = StepLR(optimizer_g, ...)`` beside ``scheduler_g = StepLR(optimizer_g,
  ...)`` while ``optimizer_d`` exists: the names pair each scheduler with its optimizer (``_d`` with ``_d``),
  and this one is built on the other's. ``optimizer_g`` then gets two schedules (chainable ones multiply:
  gamma squared) and ``optimizer_d`` none from it. Two schedulers on one optimizer alone is no evidence
  (a warm-up and a decay may be chained by hand); the pairing of the names is.
- **A menu that builds every scheduler.** ``{"step": StepLR(opt, ...), "onecycle": OneCycleLR(opt, ...)}[name]``
  runs every constructor; one that writes the LR when it is built (``OneCycleLR``: ``max_lr / div_factor``
  and the momentum, ``CyclicLR``: ``base_lr``, ``LinearLR``/``ConstantLR``: a start factor) leaves the
  chosen scheduler starting from that LR, whichever is picked.

>>> role("scheduler_D", SCHED_WORDS), role("d_optimizer", OPT_WORDS), role("scheduler", SCHED_WORDS)
('d', 'd', None)
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .symbols import Obj, classify_call, text

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["role", "misbound", "menu_builds_all", "SCHED_WORDS", "OPT_WORDS"]

SCHED_WORDS = ("lr_scheduler", "lrscheduler", "scheduler", "sched", "sch")
OPT_WORDS = ("optimizer", "optimiser", "optim", "opt")
# constructors that write the optimizer's LR (and OneCycleLR the momentum) from their own arguments
_WRITERS = {"OneCycleLR": "max_lr / div_factor (and its momentum)", "CyclicLR": "base_lr",
            "LinearLR": "start_factor x the LR", "ConstantLR": "factor x the LR"}


def role(name: str, words: tuple[str, ...]) -> str | None:
    """What a name pairs on: ``scheduler_D`` -> ``d``, ``opt_g`` -> ``g``, ``d_optimizer`` -> ``d``; None for a
    name without a role (``scheduler``) or that is not one of ``words``."""
    low = name.lower()
    if low.startswith("self."):
        low = low[5:]
    for w in words:
        if low.startswith(w):
            rest = low[len(w):].lstrip("_")
            return rest or None
    for w in words:
        if low.endswith("_" + w):
            return low[: -len(w) - 1] or None
    return None


def misbound(chk: "Checker") -> set[int]:
    """Report schedulers whose name pairs them with another optimizer than the one they are built on, when
    that optimizer already has a scheduler of its own; returns the ids of their constructor calls."""
    scheds = [o for o in chk.m.all_objs() if o.kind == "scheduler" and isinstance(o.node, ast.Call)
              and o.arg("optimizer") is not None]
    out: set[int] = set()
    for o in scheds:
        r, x = role(o.name, SCHED_WORDS), text(o.arg("optimizer"))
        rx = role(x, OPT_WORDS)
        if r is None or rx is None or r == rx:
            continue
        owner = next((s for s in scheds if s is not o and text(s.arg("optimizer")) == x
                      and role(s.name, SCHED_WORDS) == rx), None)
        paired = _optimizer_named(chk, o, r, x)
        if owner is None or paired is None:
            continue
        out.add(id(o.node))
        chk.add(o.node, "LR021", first=owner.desc, second=o.desc, optimizer=x,
                message=f"{o.desc} is built on `{x}`, which {owner.desc} already schedules, instead of `{paired}`: "
                        f"`{x}` is scheduled twice and `{paired}` not by it",
                fix=f"build it on the optimizer its name pairs it with: `{o.cls}({paired}, ...)`")
    return out


def _optimizer_named(chk: "Checker", o: Obj, r: str, x: str) -> str | None:
    """An optimizer of the scheduler's function (or class) whose name has role ``r``: assigned from a call."""
    scope = o.scope or chk.m.module_scope
    names = [k for k, vals in scope.assigns.items() if any(isinstance(v, ast.Call) for v in vals)]
    if o.name.startswith("self.") or x.startswith("self."):
        names += [n for c in chk.m.class_objs.values() for n, obj in c.items() if obj.kind == "optimizer"]
        names += [ast.unparse(t) for n in chk.m.nodes if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call)
                  for t in n.targets if isinstance(t, ast.Attribute) and text(t).startswith("self.")]
    return next((n for n in names if n != x and role(n, OPT_WORDS) == r), None)


def _picked_from(chk: "Checker", d: ast.Dict) -> bool:
    """The dict is a menu: indexed by a key that is not a constant (``{...}[args.scheduler]``, or ``menu = {...}``
    then ``menu[name]``). A dict of schedulers that are all used (chained by ``SequentialLR``, read key by key)
    is not."""
    names = {t.id for n in chk.m.nodes if isinstance(n, ast.Assign) and n.value is d
             for t in n.targets if isinstance(t, ast.Name)}
    return any(isinstance(n, ast.Subscript) and not isinstance(n.slice, ast.Constant)
               and (n.value is d or (isinstance(n.value, ast.Name) and n.value.id in names))
               for n in chk.m.nodes)


def menu_builds_all(chk: "Checker") -> set[int]:
    """Report a dict literal that builds several schedulers on one optimizer, one of which writes the LR when
    built; returns the ids of the constructor calls in it."""
    out: set[int] = set()
    for d in chk.m.nodes:
        if not isinstance(d, ast.Dict) or not _picked_from(chk, d):
            continue
        groups: dict[str, list[Obj]] = {}
        for v in d.values:
            o = classify_call(v, chk.m.imports, chk.m.classes) if isinstance(v, ast.Call) else None
            if o is not None and o.kind == "scheduler" and o.lib == "torch" and o.arg("optimizer") is not None:
                groups.setdefault(text(o.arg("optimizer")), []).append(o)
        for opt, objs in groups.items():
            writer = next((o for o in objs if o.cls in _WRITERS), None)
            if len(objs) < 2 or writer is None:
                continue
            out |= {id(o.node) for o in objs}
            chk.add(writer.node, "LR021", optimizer=opt,
                    message=f"the dict builds {len(objs)} schedulers on `{opt}` to pick one: every constructor runs, "
                            f"and {writer.cls} sets `{opt}`'s LR to {_WRITERS[writer.cls]}, which the chosen one "
                            "starts from",
                    fix="keep constructors in the dict and build only the chosen one: "
                        f"`{{\"{writer.cls.lower()}\": lambda: {writer.cls}({opt}, ...), ...}}[name]()`")
    return out
