"""LR057: a scheduler argument read from the setting of another of its parameters.

Configuration blocks are written by copying the line above: ``s_factor = cfg["scheduler"].get("factor", 0.5)`` then
``s_patience = cfg["scheduler"].get("factor", 5)``. The default hides it until the key is set, and then the plateau's
patience is 0.5: a single epoch without improvement cuts the LR. Reported when a count (a patience, a length, a step
size) is read from the key or attribute named after one of the same scheduler's rates (a factor, a floor, a peak),
or a rate from one of its counts: a value never means both.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .symbols import HF_SCHEDULERS, TORCH_SCHEDULERS, Obj, text

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["crossed_keys"]

_COUNTS = {"patience", "cooldown", "T_max", "T_0", "step_size", "step_size_up", "step_size_down", "total_steps",
           "epochs", "steps_per_epoch", "total_iters", "num_warmup_steps", "num_training_steps", "milestones"}
_RATES = {"factor", "gamma", "eta_min", "min_lr", "max_lr", "base_lr", "threshold", "eps", "start_factor",
          "end_factor", "pct_start", "div_factor", "final_div_factor", "power"}
_PLATEAU = ("optimizer", "mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min_lr", "eps")


def crossed_keys(chk: "Checker", o: Obj) -> None:
    r"""LR057 at the constructor of a scheduler one of whose counts is read from a rate's setting, or the reverse.

    >>> from lrkit.doctor import check_source
    >>> src = ("import torch\nopt = torch.optim.Adam(net.parameters(), 1e-3)\nsc = cfg['scheduler']\n"
    ...        "sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=sc.get('factor', 0.5),\n"
    ...        "                                                  patience=sc.get('factor', 5))\n")
    >>> [(f.code, f.line) for f in check_source(src, "t.py")]
    [('LR057', 4)]
    """
    if o.kind != "scheduler" or o.lib not in ("torch", "transformers") or not isinstance(o.node, ast.Call):
        return
    params = _PLATEAU if o.cls == "ReduceLROnPlateau" else TORCH_SCHEDULERS.get(o.cls) or HF_SCHEDULERS.get(o.cls, ())
    scope = o.scope or chk.m.module_scope
    for p in params:
        a = o.arg(p) if o.cls != "ReduceLROnPlateau" or p in TORCH_SCHEDULERS["ReduceLROnPlateau"] else next(
            (k.value for k in o.node.keywords if k.arg == p), None)
        if a is None or p not in _COUNTS | _RATES:
            continue
        key, e = _key(chk, a, scope)
        if key is None or key == p or key not in params:
            continue
        if (p in _COUNTS and key in _RATES) or (p in _RATES and key in _COUNTS):
            what = "count" if p in _COUNTS else "rate"
            chk.add(o.node, "LR057", sched_desc=o.desc, param=p, key=key, source=text(e), what=what)
            return


def _key(chk: "Checker", a: ast.expr, scope) -> tuple[str | None, ast.expr]:
    """The key or attribute a value is read from (``cfg.get("factor", 5)``, ``cfg["factor"]``, ``args.factor``),
    through up to two assignments (``s_patience = ...``)."""
    for _ in range(3):
        if isinstance(a, ast.Call) and isinstance(a.func, ast.Attribute) and a.func.attr == "get" and a.args \
                and isinstance(a.args[0], ast.Constant) and isinstance(a.args[0].value, str):
            return a.args[0].value, a
        if isinstance(a, ast.Subscript) and isinstance(a.slice, ast.Constant) and isinstance(a.slice.value, str):
            return a.slice.value, a
        if isinstance(a, ast.Attribute) and not (isinstance(a.value, ast.Name) and a.value.id == "self"):
            return a.attr, a
        found = chk.m.held(a, scope)
        if found is None:
            return None, a
        a, scope = found
    return None, a
