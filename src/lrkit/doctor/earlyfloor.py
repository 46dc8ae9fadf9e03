"""LR012 read from the source: a StepLR stepped once per epoch (by hand, or set to the epoch with
``scheduler.step(epoch)``) whose step size is so short against the loop's epochs that the LR is at 1% of its
start within the first 10% of the run and keeps falling (``StepLR(step_size=30, gamma=0.1)`` in a 2,000-epoch
loop: 1e-9 of the LR by epoch 180, a recipe for 90 epochs run twenty times as long). Called from the
:class:`~lrkit.doctor.rules.Checker` for each hand step call."""

from __future__ import annotations

import ast
import math
from typing import TYPE_CHECKING

from .context import Loop, StepCall, epoch_gated, leaves_early
from .symbols import ident, text

if TYPE_CHECKING:   # pragma: no cover
    from .rules import Checker

__all__ = ["floor_early"]

_FLOOR = 0.01      # "at its floor": 1% of the starting LR, as the runtime LR012 counts it
_EARLY = 0.1       # ... within the first 10% of the run
_UNTIL_STOPPED = 10_000   # `for epoch in range(1, 50001)`: a loop run until someone stops it, not a planned length


def floor_early(chk: "Checker", ev: StepCall) -> None:
    """LR012 for a StepLR that spends its decay within the first tenth of the epoch loop that steps it.

    The epochs are the loop's count (a literal, a constant of the file, or an option's default); the step size
    and gamma are values of the file (gamma 0.1 when not written). A gentle gamma (0.5 or more: 0.5 ** 7 is 1%)
    counts the decays it needs; a step size or gamma from an option without a default is left alone, and so is a
    loop of 10,000 epochs or more (``range(1, 50001)``: run until stopped, with no planned length to compare)."""
    o = ev.obj
    if o.lib != "torch" or o.cls != "StepLR" or epoch_gated(ev) or chk.built_in_loop(o, ev):
        return
    if not _once_per_epoch(chk, ev):
        return
    scope = o.scope or chk.m.module_scope
    size = chk.res.value(o.arg("step_size"), scope) if o.arg("step_size") is not None else None
    gamma = chk.res.value(o.arg("gamma"), scope) if o.arg("gamma") is not None else 0.1
    if isinstance(size, bool) or not isinstance(size, int) or size < 1 \
            or not isinstance(gamma, (int, float)) or not 0 < gamma < 1:
        return
    epochs = chk.loop_epochs(ev, resumed_from_zero=True)
    if not isinstance(epochs, int) or not 1 <= epochs < _UNTIL_STOPPED:
        return
    if any(isinstance(x, Loop) and x.kind == "epoch" and leaves_early(x.node, returns=True) for x in ev.path):
        return   # early stopping (`if bad > patience: break`): the loop's count is a cap, not the run's length
    at = size * math.ceil(math.log(_FLOOR) / math.log(gamma))   # the epoch the LR is at 1% of its start
    if at > _EARLY * epochs:
        return
    end = gamma ** ((epochs - 1) // size)
    what = f"{o.desc} (step_size={text(o.arg('step_size'))}, gamma={gamma:g})"
    chk.add(o.node, "LR012",
            message=f"{what} stepped once per epoch over {epochs} epochs is at 1% of its starting LR by epoch {at}, "
                    f"within the first 10% of the run, and falls to {end:.0e} of it by the last epoch",
            fix=f"size the decay for the run (a step size of about a third of it: `step_size={max(1, epochs // 3)}`), "
                "or decay over the whole run: `CosineAnnealingLR(optimizer, T_max=epochs)`")


def _once_per_epoch(chk: "Checker", ev: StepCall) -> bool:
    """The call runs once per epoch, or sets the scheduler to the epoch (``scheduler.step(epoch)`` inside the
    batch loop: the closed form puts it at that epoch on every batch)."""
    per = chk.stepping_quiet(ev)
    if per == "epoch":
        return True
    if per != "batch" or len(ev.call.args) != 1 or not isinstance(ev.call.args[0], ast.Name):
        return False
    arg = ev.call.args[0].id
    return any(isinstance(x, Loop) and x.kind == "epoch" and isinstance(x.node, ast.For)
               and ident(x.node.target) == arg for x in ev.path)

