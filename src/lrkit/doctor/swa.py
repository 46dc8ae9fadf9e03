"""LR045: a stochastic-weight-averaging LR far above the LR the optimizer trains with.

Lightning's ``StochasticWeightAveraging(swa_lrs=...)`` (from ``swa_epoch_start``, 80% of the run by default)
and torch's ``SWALR(optimizer, swa_lr=...)`` anneal every param group to the SWA LR and hold it there.
Averaging is meant to run at a modest LR, at or below the schedule's peak; an SWA LR ten or more times the
optimizer's own LR (``swa_lrs=1e-2`` on an Adam run at ``1e-4``) throws the trained weights far off at the
end of the run. Only judged when the optimizer's LR is a constant of the file (also a LightningModule's
``self.hparams.lr`` read from its ``__init__`` default) and no scheduler of the file may raise the LR above it
(``OneCycleLR``, ``CyclicLR``, ``LambdaLR``, ``MultiplicativeLR``, or one the doctor cannot read).

>>> swa_value([1e-2, 5e-3]), swa_value(0.05), swa_value("x")
(0.01, 0.05, None)
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .context import Ctx
from .symbols import Obj, call_arg, ident

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["swa_far_above", "swa_value", "ctx_at"]

_RAISERS = {"OneCycleLR", "CyclicLR", "LambdaLR", "MultiplicativeLR"}
_FACTOR = 10


def swa_value(v: object) -> float | None:
    """The largest SWA LR of a constant (one LR, or one per param group)."""
    vals = v if isinstance(v, list) else [v]
    if not vals or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in vals):
        return None
    return float(max(vals))


def swa_far_above(chk: "Checker") -> None:
    objs = chk.m.all_objs()
    if any(o.kind == "scheduler" and (o.cls in _RAISERS or o.lib not in ("torch",)) for o in objs):
        return
    for call in chk.m.nodes:
        if not isinstance(call, ast.Call):
            continue
        q = chk.m.imports.qual(call.func) or ""
        if q.endswith(".StochasticWeightAveraging") and q.startswith(("lightning.", "pytorch_lightning.")):
            expr, opts = call_arg(call, "swa_lrs", 0), [o for o in objs if o.kind == "optimizer"]
        elif q == "torch.optim.swa_utils.SWALR":
            expr, opt = call_arg(call, "swa_lr", 1), chk.m.lookup(call_arg(call, "optimizer", 0), ctx_at(chk, call))
            opts = [opt] if opt is not None and opt.kind == "optimizer" else []
        else:
            continue
        swa = swa_value(chk.m.constant(expr, chk.m.module_scope)) if expr is not None else None
        lrs = [_lr(chk, o) for o in opts]
        if swa is None or not lrs or any(lr is None or lr <= 0 for lr in lrs):
            continue
        peak = max(lrs)   # type: ignore[type-var]
        if swa >= _FACTOR * peak:
            chk.add(call, "LR045", swa=f"{swa:g}", lr=f"{peak:g}", times=f"{swa / peak:.0f}")


def ctx_at(chk: "Checker", node: ast.AST) -> Ctx:
    """The lookup context at ``node``: the scope it is read in and the class of the method around it."""
    fn = chk.m.enclosing_function(node)
    return Ctx(chk.m.scope_at(node), cls=chk.m.owner.get(id(fn)) if fn is not None else None)


def _lr(chk: "Checker", o: Obj) -> float | None:
    """The optimizer's ``lr=`` as a number: a constant, or ``self.hparams.lr`` / ``self.hparams["lr"]`` at the
    default of the LightningModule's ``__init__`` parameter."""
    e = o.arg("lr")
    if e is None:
        return None
    scope = o.scope or chk.m.module_scope
    v = chk.m.constant(e, scope)
    if v is None:
        name = e.attr if isinstance(e, ast.Attribute) else (
            e.slice.value if isinstance(e, ast.Subscript) and isinstance(e.slice, ast.Constant) else None)
        base = e.value if isinstance(e, (ast.Attribute, ast.Subscript)) else None
        if isinstance(name, str) and isinstance(base, ast.Attribute) and base.attr == "hparams" \
                and ident(base.value) == "self":
            v = _init_default(chk, scope, name)
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _init_default(chk: "Checker", scope, name: str) -> object:
    cls = chk.m.owner.get(id(scope.node))
    init = chk.m.methods.get((cls, "__init__")) if cls else None
    if init is None:
        return None
    a = init.args
    pos = a.posonlyargs + a.args
    pairs = list(zip(pos[len(pos) - len(a.defaults):], a.defaults)) + [
        (k, d) for k, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None]
    for p, d in pairs:
        if p.arg == name:
            return chk.m.constant(d, chk.m.scopes.get(id(init), chk.m.module_scope))
    return None
