"""LR022 for a Lightning module with manual optimization whose scheduler is stepped only under an ``isinstance``
test of another class.

With ``self.automatic_optimization = False`` Lightning steps no scheduler: the module steps what
``self.lr_schedulers()`` gives. A hook that does so only ``if isinstance(sch, ReduceLROnPlateau):`` leaves every other
scheduler ``configure_optimizers`` can return (the ``else: MultiStepLR(...)`` of a menu of schedulers) unstepped for
the whole run. Only schedulers that reach the ``return`` are judged: one whose name is assigned again on every path
after it (an ``if``/``else`` that both rebind it) is never returned.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .context import Branch
from .symbols import ident

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

_BLOCKS = ("body", "orelse", "finalbody", "handlers")


def guarded_manual_steps(chk: "Checker") -> None:
    r"""Report the returned schedulers no ``isinstance``-guarded manual step covers.

    >>> from lrkit.doctor import check_source
    >>> src = ("import torch\nimport lightning as L\nclass M(L.LightningModule):\n"
    ...        "    def __init__(self):\n        super().__init__()\n        self.automatic_optimization = False\n"
    ...        "    def training_step(self, batch, i):\n        opt = self.optimizers()\n        opt.step()\n"
    ...        "    def configure_optimizers(self):\n        opt = torch.optim.Adam(self.parameters())\n"
    ...        "        if self.hparams.plateau:\n"
    ...        "            sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)\n"
    ...        "        else:\n            sched = torch.optim.lr_scheduler.StepLR(opt, 30)\n"
    ...        "        return [opt], [sched]\n"
    ...        "    def on_train_epoch_end(self):\n        sch = self.lr_schedulers()\n"
    ...        "        if isinstance(sch, torch.optim.lr_scheduler.ReduceLROnPlateau):\n"
    ...        "            sch.step(self.trainer.callback_metrics['val_loss'])\n")
    >>> [(f.code, f.line) for f in check_source(src, "t.py")]
    [('LR022', 15)]
    """
    reported = {id(n) for n, f in chk.findings if f.code == "LR022"}
    for name, auto in chk.lightning_classes().items():
        conf = chk.m.methods.get((name, "configure_optimizers"))
        if auto or conf is None or (name, "training_step") not in chk.m.methods:
            continue
        mine = {id(o) for o in chk.m.lightning_schedulers(name)}
        evs = [ev for ev in chk.m.sched_steps if ev.by == "hand" and ev.ctx.cls == name and id(ev.obj) in mine]
        if not evs:
            continue   # nothing stepped at all: never_stepped's case
        covers = [_guard(ev) for ev in evs]
        if any(c is None for c in covers):
            continue   # one call steps whatever the class is
        for o in chk.m.all_objs():
            if o.kind != "scheduler" or o.lib not in ("torch", "transformers") or not isinstance(o.node, ast.Call) \
                    or id(o.node) in chk.children or id(o.node) in reported \
                    or chk.m.enclosing_function(o.node) is not conf or not _reaches_return(chk, o, conf):
                continue
            if not any((o.cls in classes) == positive for classes, positive in covers):   # type: ignore[misc]
                reported.add(id(o.node))
                chk.add(o.node, "LR022", sched_desc=o.desc, scheduler=o.name)


def _guard(ev) -> tuple[set[str], bool] | None:
    """The classes an ``isinstance`` arm around the call admits (``True``: those; ``False``: all but those)."""
    for b in ev.path:
        if not isinstance(b, Branch) or b.key not in (True, False):
            continue
        t = b.test
        if isinstance(t, ast.UnaryOp) and isinstance(t.op, ast.Not):
            t, key = t.operand, not b.key
        else:
            key = b.key
        if isinstance(t, ast.Call) and ident(t.func) == "isinstance" and len(t.args) == 2:
            kinds = t.args[1].elts if isinstance(t.args[1], ast.Tuple) else [t.args[1]]
            names = {ident(k) or "" for k in kinds}
            return names, bool(key)
    return None


def _reaches_return(chk: "Checker", o, fn: ast.AST) -> bool:
    """No statement after the one that builds ``o`` rebinds its name on every path (a plain assignment, or an
    ``if`` whose arms all do)."""
    node: ast.AST | None = chk.m.stmt_of(o.node)
    while node is not None and node is not fn:
        parent = chk.m.parents.get(id(node))
        if isinstance(parent, (ast.For, ast.While, ast.AsyncFor)):
            return True
        for field in _BLOCKS:
            body = getattr(parent, field, None)
            if isinstance(body, list) and any(s is node for s in body):
                later = body[[i for i, s in enumerate(body) if s is node][0] + 1:]
                if any(_rebinds(s, o.name) for s in later):
                    return False
        node = parent
    return True


def _rebinds(s: ast.stmt, name: str) -> bool:
    if isinstance(s, ast.Assign):
        return any(isinstance(t, ast.Name) and t.id == name for t in s.targets)
    if isinstance(s, ast.If):
        return bool(s.orelse) and any(_rebinds(x, name) for x in s.body) and any(_rebinds(x, name) for x in s.orelse)
    return False


__all__ = ["guarded_manual_steps"]
