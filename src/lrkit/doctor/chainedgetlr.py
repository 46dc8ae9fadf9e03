"""LR046 in a scheduler class of the project: a ``get_lr`` that starts from each param group's current ``lr`` and
multiplies it by a factor computed from the whole step count (``(1 - step / decay_steps) ** power``,
``step / warmup_steps``). torch's ``step()`` writes what ``get_lr`` returns into the groups, so the next call
starts from the decayed value and the factors compound: a polynomial decay over 10,000 steps is at its floor
after a few hundred. A closed form starts from ``self.base_lrs``; torch's own chainable forms multiply the
current LR by a ratio of successive factors (``(1 - t / T) / (1 - (t - 1) / T)``) or by a constant under a
condition (``gamma if t % step_size == 0``), which this rule leaves alone."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .symbols import ident, text

if TYPE_CHECKING:   # pragma: no cover
    from .rules import Checker

__all__ = ["compounding_get_lr"]

_BASES = ("_LRScheduler", "LRScheduler")
_MATH = {"min", "max", "pow", "float", "int", "abs", "cos", "sin", "exp", "log", "sqrt", "floor", "ceil"}


def compounding_get_lr(chk: "Checker") -> None:
    r"""LR046 at the read of the group's LR in such a ``get_lr`` (classes the file builds an instance of).

    >>> from lrkit.doctor import check_source
    >>> src = ("import torch\nclass Poly(torch.optim.lr_scheduler._LRScheduler):\n"
    ...        "    def __init__(self, optimizer, total):\n        self.total = total\n"
    ...        "        super().__init__(optimizer)\n    def get_lr(self):\n"
    ...        "        return [g['lr'] * (1 - self.last_epoch / self.total) ** 0.9\n"
    ...        "                for g in self.optimizer.param_groups]\n"
    ...        "opt = torch.optim.SGD(net.parameters(), lr=0.1)\nsched = Poly(opt, 1000)\n")
    >>> [(f.code, f.line) for f in check_source(src, "t.py") if f.code == "LR046"]
    [('LR046', 7)]
    """
    built = {ident(n.func) for n in chk.m.nodes if isinstance(n, ast.Call)}
    for cls in (n for n in ast.walk(chk.m.tree) if isinstance(n, ast.ClassDef)):
        if cls.name not in built or not any((ident(b) or "").rsplit(".", 1)[-1] in _BASES for b in cls.bases):
            continue
        fn = next((f for f in cls.body if isinstance(f, ast.FunctionDef) and f.name == "get_lr"), None)
        if fn is None or any(isinstance(n, ast.Attribute) and n.attr == "base_lrs" for n in ast.walk(fn)):
            continue
        found = _compounding(fn)
        if found is not None:
            read, mult = found
            chk.add(read, "LR046",
                    message=f"`{cls.name}.get_lr` multiplies each group's current LR (`{text(read)}`, already "
                            f"decayed by the last step) by a factor of the whole step count (`{text(mult)}`): the "
                            "decays compound",
                    fix="start from the base LR: `[base_lr * factor for base_lr in self.base_lrs]` (torch keeps "
                        "the initial LRs in `self.base_lrs`)")


def _compounding(fn: ast.FunctionDef) -> tuple[ast.expr, ast.expr] | None:
    """(the group-LR read, the product) when a product of the group's LR and the step count is in ``fn``."""
    steps, groups = {"self.last_epoch"}, set()
    reads = [n for n in ast.walk(fn) if isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Constant)
             and n.slice.value == "lr"]
    if not reads:
        return None
    for _ in range(3):   # local names holding the step count or the groups' LRs, through assignments and lambdas
        for n in ast.walk(fn):
            if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
                if _arith_reads(n.value, steps) and not _ratio_of_steps(n.value, steps):
                    steps.add(n.targets[0].id)
                if any(r in set(ast.walk(n.value)) for r in reads) or _reads(n.value, groups):
                    groups.add(n.targets[0].id)
            elif isinstance(n, ast.Call) and ident(n.func) == "map" and len(n.args) == 2 \
                    and isinstance(n.args[0], ast.Lambda) and _reads(n.args[1], groups):
                groups.update(a.arg for a in n.args[0].args.args)
            elif isinstance(n, ast.comprehension) and isinstance(n.target, ast.Name) and _reads(n.iter, groups):
                groups.add(n.target.id)
    for n in ast.walk(fn):
        if not (isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mult)):
            continue
        for a, b in ((n.left, n.right), (n.right, n.left)):
            group = next((r for r in reads if r in set(ast.walk(a))), None) if not _reads(a, groups) else reads[0]
            if group is not None and _arith_reads(b, steps) and not _ratio_of_steps(b, steps):
                return group, n
    return None


def _reads(e: ast.AST, names: set[str]) -> bool:
    return any(isinstance(n, (ast.Name, ast.Attribute)) and text(n) in names for n in ast.walk(e))


def _arith_reads(e: ast.AST, names: set[str]) -> bool:
    """``e`` computes with the step count in plain arithmetic: not only testing it (``gamma if t % k == 0 else
    1`` is a constant), indexing with it (``gamma ** milestones[t]``, a count of boundaries) or handing it to a
    function of unknown meaning (MultiplicativeLR's ``lmbda(t)``, a factor per step by design)."""
    if isinstance(e, ast.IfExp):
        return _arith_reads(e.body, names) or _arith_reads(e.orelse, names)
    if isinstance(e, (ast.Compare, ast.BoolOp)):
        return False
    if isinstance(e, ast.Subscript):
        return _arith_reads(e.value, names)
    if isinstance(e, ast.Call):
        return (ident(e.func) or "").rsplit(".", 1)[-1] in _MATH and any(_arith_reads(a, names) for a in e.args)
    if isinstance(e, (ast.Name, ast.Attribute)) and text(e) in names:
        return True
    return any(_arith_reads(c, names) for c in ast.iter_child_nodes(e) if isinstance(c, ast.expr))


def _ratio_of_steps(e: ast.AST, names: set[str]) -> bool:
    """A ratio of successive factors, which reads the previous step ``t - 1``: torch's chainable forms
    (PolynomialLR's ``(1 - t / T) / (1 - (t - 1) / T)``, LinearLR's ``1 + d / (T * s + (t - 1) * d)``)."""
    return any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Sub) and _reads(n.left, names)
               and isinstance(n.right, ast.Constant) and n.right.value == 1 for n in ast.walk(e))
