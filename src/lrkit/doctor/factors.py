"""What a schedule's factors do, read from the constructor: a decay factor of 0 (LR049).

``StepLR(optimizer, step_size=100, gamma=0)`` (meant as "no decay", which is ``gamma=1``) sets the LR to exactly 0
at its first decay.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .symbols import Obj, text

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["zero_gamma"]

_GAMMA = {"StepLR", "MultiStepLR", "ExponentialLR"}


def zero_gamma(chk: "Checker", o: Obj) -> None:
    """LR049: ``gamma`` resolves to 0 in a torch ``StepLR`` / ``MultiStepLR`` / ``ExponentialLR``."""
    if o.kind != "scheduler" or o.lib != "torch" or o.cls not in _GAMMA or not isinstance(o.node, ast.Call):
        return
    g = o.arg("gamma")
    scope = o.scope or chk.m.module_scope
    v = chk.res.value(g, scope) if g is not None else None
    if not isinstance(v, (int, float)) or isinstance(v, bool) or v != 0:
        return
    when = "after the first step()"
    if o.cls == "StepLR" and o.arg("step_size") is not None:
        when = f"after {text(o.arg('step_size'))} step() calls"
    elif o.cls == "MultiStepLR" and isinstance(o.arg("milestones"), (ast.List, ast.Tuple)) \
            and o.arg("milestones").elts:
        when = f"from milestone {text(o.arg('milestones').elts[0])} on"
    chk.add(o.node, "LR049", sched_desc=o.desc, gamma=text(g) if text(g) == str(v) else f"{text(g)} = {v}",
            when=when)
