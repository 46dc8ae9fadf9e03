"""LR013 for a transformers schedule sized as one epoch of batches (``num_training_steps=len(train_loader)``) and
stepped every batch of an epoch loop whose count the file does not give (``epochs = int(input(...))``, a config
read at run time).

Where the loop's epochs resolve, :meth:`~lrkit.doctor.horizon.HorizonRules._horizon` compares the two counts. Where
they do not, a loop written over epochs still runs more than one for any run the loop is there for, and a factory
planned for one epoch is past its end after the first: the linear decay holds the LR at 0, the cosine climbs back.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .context import Loop, StepCall, range_bounds
from .symbols import text

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker


def one_epoch_plan(chk: "Checker", ev: StepCall, per: str, arg: str, expr: ast.expr) -> None:
    r"""Report a transformers factory planned for ``len(loader)`` steps, stepped per batch inside a ``for epoch in
    range(n)`` loop with ``n`` unresolved (not a literal, no option default), built outside that loop.

    >>> from lrkit.doctor import check_source
    >>> src = ("from transformers import get_linear_schedule_with_warmup\n"
    ...        "sched = get_linear_schedule_with_warmup(opt, 0, num_training_steps=len(train_loader))\n"
    ...        "epochs = int(input('epochs? '))\n"
    ...        "for epoch in range(epochs):\n    for batch in train_loader:\n"
    ...        "        opt.step()\n        sched.step()\n")
    >>> [(f.code, f.line) for f in check_source(src, "t.py")]
    [('LR013', 2)]
    """
    o = ev.obj
    if per != "batch" or o.lib != "transformers" or chk.epochs_factor(expr, o.scope or chk.m.module_scope) != 1:
        return
    loops = [lp for lp in ev.ctx.loops if lp.kind != "other"]
    if len(loops) != 2 or [lp.kind for lp in loops] != ["epoch", "batch"]:
        return
    loop: Loop = loops[0]
    bounds = range_bounds(loop.node)
    if bounds is None or not (bounds[0] is None or isinstance(bounds[0], ast.Constant) and bounds[0].value in (0, 1)) \
            or chk.res.value(bounds[1], loop.scope) is not None or chk.cli_default(bounds[1], loop.scope) is not None \
            or "epoch" not in (text(bounds[1]) + " " + text(getattr(loop.node, "target", ""))).lower():
        return   # `range(epochs)`, `range(1, epochs + 1)`: a count the file does not give, named or iterated as epochs
    if chk.built_in_loop(o, ev):
        return   # rebuilt every epoch: one epoch is its whole plan
    if _swapped(chk, o, expr):
        return   # the run given as the warm-up and one epoch as the length: LR017 says so
    stop = bounds[1]
    if isinstance(bounds[0], ast.Constant) and bounds[0].value == 1 and isinstance(stop, ast.BinOp) \
            and isinstance(stop.op, ast.Add) and isinstance(stop.right, ast.Constant) and stop.right.value == 1:
        stop = stop.left   # range(1, epochs + 1): `epochs` epochs
    count = f"({text(stop)})" if isinstance(stop, ast.BinOp) else text(stop)
    what = f"{o.desc} ({arg}={text(expr)})"
    chk.add(o.node, "LR013", what=what, count=f"{count} epochs'", planned="one epoch of batches", unit="epochs",
            message=f"{what} plans one epoch of batches, but it is stepped every batch of the loop over {count} "
                    f"epochs: from the second epoch on it is past its planned length (a linear decay holds the LR at "
                    f"0, a cosine climbs back)",
            fix=f"plan the whole run: `{arg}={text(expr)} * {count}`, built after the epoch count is known")


def _swapped(chk: "Checker", o, total: ast.expr) -> bool:
    """The warm-up is a multiple of the length (``num_warmup_steps=len(loader) * epochs``, also through a name)."""
    warm = next((o.arg(w) for w in ("num_warmup_steps", "warmup_steps") if o.arg(w) is not None), None)
    if isinstance(warm, (ast.Name, ast.Attribute)):
        held = chk.m.held(warm, o.scope or chk.m.module_scope)
        warm = held[0] if held is not None else warm
    return isinstance(warm, ast.BinOp) and isinstance(warm.op, ast.Mult) and any(
        ast.dump(side) == ast.dump(total) for side in (warm.left, warm.right))
