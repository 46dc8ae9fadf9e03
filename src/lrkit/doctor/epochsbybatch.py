"""LR063's other face: a run length written as the epochs times the batch size (``total_steps=max_epochs *
BATCH_SIZE``), the batch size standing where the batches per epoch belong.

A schedule stepped per batch needs ``epochs * len(train_loader)`` steps; the batch size is the number of examples in
one batch, unrelated to how many batches an epoch holds. The schedule ends early (OneCycleLR raises past its total)
or is cut off midway (its floor never reached), depending on which of the two numbers is larger.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from .reach import builds_scheduler, names_batch_size
from .symbols import ident, text

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

_LENGTHS = {"total_steps", "num_training_steps", "T_max", "t_total", "total_iters", "max_iters", "num_steps",
            "max_steps", "t_initial", "total_iterations"}
_EPOCHS = re.compile(r"epoch")


def epochs_times_batch_size(chk: "Checker") -> None:
    r"""Report a scheduler length that is a product of an epoch count and a batch size, with no ``len()`` in it
    (at the argument: a constructor spread over lines is reported where the length is written).

    >>> from lrkit.doctor import check_source
    >>> src = ("import torch\nEPOCHS, BATCH_SIZE = 30, 256\n"
    ...        "sched = torch.optim.lr_scheduler.OneCycleLR(opt, 0.1, total_steps=EPOCHS * BATCH_SIZE)\n")
    >>> [(f.code, f.line) for f in check_source(src, "t.py")]
    [('LR063', 3)]
    """
    for call in chk.m.nodes:
        if not isinstance(call, ast.Call) or not builds_scheduler(chk, call):
            continue
        scope = chk.m.scope_at(call)
        for kw in call.keywords:
            if kw.arg not in _LENGTHS:
                continue
            expr = kw.value
            held = chk.m.held(expr, scope) if isinstance(expr, (ast.Name, ast.Attribute)) else None
            if held is not None:   # `total = epochs * batch_size` then `total_steps=total`
                expr = held[0]
            if _product(expr):
                chk.add(kw.value, "LR063", what=f"{ident(call.func) or 'the scheduler'}'s `{kw.arg}`",
                        message=f"{ident(call.func)}'s `{kw.arg}` is `{text(expr)}`: the epochs times the batch size, "
                                f"but a schedule stepped per batch runs len(train_loader) steps per epoch (the number "
                                f"of batches, not the examples in one), so it ends early or is cut off midway",
                        fix=f"size it with the number of batches: `{kw.arg}=epochs * len(train_loader)`")
                break


def _product(e: ast.expr) -> bool:
    """``epochs * batch_size`` (either order, also ``self.trainer.max_epochs * BATCH_SIZE``): two factors, one an epoch
    count, the other a batch size, and no ``len()``."""
    if not (isinstance(e, ast.BinOp) and isinstance(e.op, ast.Mult)):
        return False
    if any(isinstance(n, ast.Call) for n in ast.walk(e)):
        return False
    a, b = e.left, e.right
    if not all(isinstance(x, (ast.Name, ast.Attribute)) for x in (a, b)):
        return False
    return any(_EPOCHS.search((ident(x) or "").lower()) and names_batch_size(y) and not _EPOCHS.search(text(y).lower())
               for x, y in ((a, b), (b, a)))
