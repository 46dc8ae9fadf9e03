"""LR053: a cyclic schedule given one ``max_lr`` (``base_lr``) over an optimizer built with param groups at their own
LRs (a small LR for a pretrained backbone, a larger one for the head). ``OneCycleLR`` and ``CyclicLR`` take these
bounds per group and write them into every group at construction, so one number replaces the groups' LRs: the
backbone trains at the head's LR (checked with torch: groups at 1e-5 and 1e-3 under ``OneCycleLR(max_lr=1e-3)`` both
run from 4e-5 up to 1e-3).

>>> from lrkit.doctor import check_source
>>> src = ("import torch\\n"
...        "opt = torch.optim.AdamW([{'params': a, 'lr': 1e-5}, {'params': b, 'lr': 1e-3}])\\n"
...        "sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1e-3, total_steps=1000)\\n")
>>> [(f.code, f.line) for f in check_source(src, "t.py")]
[('LR053', 3)]
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .symbols import Obj, call_arg, text

__all__ = ["one_bound_over_groups"]

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

_BOUNDS = {"OneCycleLR": ("max_lr",), "CyclicLR": ("base_lr", "max_lr")}


def one_bound_over_groups(chk: "Checker", o: Obj) -> None:
    """LR053 at the constructor of a ``OneCycleLR``/``CyclicLR`` whose bound is one number while its optimizer's
    param groups set at least two different LRs."""
    if o.lib != "torch" or o.cls not in _BOUNDS or not isinstance(o.node, ast.Call):
        return
    scalar = [a for a in _BOUNDS[o.cls] if o.arg(a) is not None and not isinstance(o.arg(a), (ast.List, ast.Tuple))]
    if not scalar:
        return
    opt = chk.optimizer_of(o)
    lrs = _group_lrs(opt) if opt is not None else None
    if lrs is None or len(set(lrs)) < 2:
        return
    arg = scalar[-1]
    chk.add(o.node, "LR053", sched_desc=o.desc, arg=arg, value=text(o.arg(arg)), optimizer=opt.name,
            lrs=", ".join(dict.fromkeys(lrs)))


def _group_lrs(opt: Obj) -> list[str] | None:
    """The LR each param group of ``opt``'s constructor sets (its own ``"lr"``, else the constructor's ``lr=``), as
    written; None unless the first argument is a literal list of dicts."""
    call = opt.node
    if not isinstance(call, ast.Call) or not call.args or not isinstance(call.args[0], (ast.List, ast.Tuple)):
        return None
    default = call_arg(call, "lr", 1)
    out = []
    for g in call.args[0].elts:
        if not isinstance(g, ast.Dict):
            return None
        own = next((v for k, v in zip(g.keys, g.values) if isinstance(k, ast.Constant) and k.value == "lr"), None)
        lr = own if own is not None else default
        if lr is None:
            return None
        out.append(text(lr))
    return out
