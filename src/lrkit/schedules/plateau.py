"""Reduce-on-plateau: a closed-form curve of the reduction count, and the controller that counts.

The reactive part of lrkit. :class:`Plateau` is an ordinary schedule value whose
LR depends on how many times the LR has been cut (``reductions``, passed to the
curve); :class:`PlateauController` decides *when* to cut from the validation
metric, with the same rule as ``torch.optim.lr_scheduler.ReduceLROnPlateau``,
and keeps its whole state in a small, serializable dict.

>>> import lrkit as lk
>>> ctl = lk.plateau(patience=1).controller()
>>> [ctl.step(m) for m in (1.0, 0.9, 0.95, 0.95)]
[False, False, False, True]
>>> lk.plateau(patience=1).bind()(0, base_lr=0.1, reductions=ctl.reductions)
0.010000000000000002
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

import numpy as np

from ..errors import LRKitError, LRKitWarning
from .base import EvalFn, Schedule, full
from .registry import register
from .validate import check_float, check_int
from .units import Context

__all__ = ["Plateau", "PlateauController"]


@register
@dataclass(frozen=True, repr=False)
class Plateau(Schedule):
    """``plateau``: cut the LR by ``factor`` each time the validation metric stops improving.

    With ``k`` the number of reductions decided so far (by :class:`PlateauController`,
    fed with ``scheduler.step(val_loss)``), the LR is the incoming LR cut ``k``
    times with torch's rule, one cut at a time::

        lr_0 = base_lr
        lr_{j+1} = max(lr_j * factor, min_lr)   if lr_j - max(lr_j * factor, min_lr) > eps
                 = lr_j                          otherwise (the cut is too small: skipped)

    so the LR never goes below ``min_lr`` (absolute; one value per param group is
    accepted as a list) and stops moving once a cut would change it by ``eps`` or
    less. It holds no duration of its own: it goes last in a ``>>`` sequence
    (``warmup(5ep) >> plateau``) or in a product (``cosine * plateau``, where it
    cuts the cosine's LR).

    When to cut (the controller, same decisions as torch's ``ReduceLROnPlateau``):
    a metric is *better* than the best so far when ``metric < best * (1 - threshold)``
    (``mode=min, threshold_mode=rel``), ``metric < best - threshold`` (``abs``), or
    the mirror images for ``mode=max``. After ``patience + 1`` metrics in a row that
    are not better, the LR is cut, and the next ``cooldown`` metrics are ignored.

    Matches torch's ``ReduceLROnPlateau(mode, factor, patience, threshold,
    threshold_mode, cooldown, min_lr, eps)`` decision for decision and value for
    value (same floating-point operations).

    >>> import lrkit as lk
    >>> c = lk.plateau(factor=0.5, min_lr=0.02).bind()
    >>> [c(0, 0.1, reductions=k) for k in range(4)]
    [0.1, 0.05, 0.025, 0.02]
    """

    mode: str = "min"
    factor: float = 0.1
    patience: int = 10
    threshold: float = 1e-4
    threshold_mode: str = "rel"
    cooldown: int = 0
    min_lr: Any = 0.0
    eps: float = 1e-8
    name: ClassVar[str] = "plateau"

    def __post_init__(self) -> None:
        self._choice("mode", ("min", "max"))
        self._float("factor", ge=0, lt=1)
        self._int("patience", ge=0)
        self._float("threshold", ge=0)
        self._choice("threshold_mode", ("rel", "abs"))
        self._int("cooldown", ge=0)
        if isinstance(self.min_lr, (list, tuple)):
            self._floats("min_lr", ge=0)
            if not self.min_lr:
                raise self._err("min_lr", "a number >= 0 or a non-empty list of them (one per param group)", [])
        else:
            self._float("min_lr", ge=0)
        self._float("eps", ge=0)

    def controller(self) -> "PlateauController":
        """A fresh :class:`PlateauController` with this schedule's decision parameters."""
        return PlateauController(mode=self.mode, patience=self.patience, threshold=self.threshold,
                                 threshold_mode=self.threshold_mode, cooldown=self.cooldown)

    def _bind(self, ctx: Context, span: int | None) -> EvalFn:
        factor, eps = self.factor, self.eps
        per_group = isinstance(self.min_lr, tuple)
        floor = np.asarray(self.min_lr, dtype=np.float64)

        def f(xp: Any, t: Any, base: Any, ex: Mapping[str, Any]) -> Any:
            k = ex.get("reductions", 0)
            out = full(xp, t, base)
            groups = 1 if xp is not np or len(out.shape) == 0 else out.shape[-1]
            if per_group and (xp is not np or len(out.shape) == 0 or groups != floor.shape[0]):
                raise LRKitError(f"plateau: min_lr has {floor.shape[0]} values, one per param group, "
                                 f"but the LR is evaluated for {groups} group(s)")
            if xp is not np:
                return _cut_closed_form(xp, out, float(floor), factor, eps, k)
            out, k = out.astype(np.float64), int(k)
            lo = np.broadcast_to(floor, out.shape)
            # k is the number of cuts decided (small); each pass is one vectorized cut over
            # every step and group, stopping as soon as no element moves any more.
            for _ in range(k):
                new = np.maximum(out * factor, lo)
                cut = (out - new) > eps
                if not cut.any():
                    break
                out = np.where(cut, new, out)
            return out

        return f


def _cut_closed_form(xp: Any, lr: Any, floor: Any, factor: float, eps: float, k: Any) -> Any:
    """The LR after ``k`` of torch's cuts, for a count ``k`` that is an array (a Keras variable).

    Each cut is ``lr -> max(lr * factor, floor)`` and is skipped, with every later one,
    once it would move the LR by ``eps`` or less, i.e. once ``lr <= limit`` with
    ``limit = max(eps / (1 - factor), floor + eps)``. So the cuts that happen are
    ``j = min(k, J)`` with ``J`` the first ``j`` where ``lr * factor**j <= limit``, and
    the LR is ``max(lr * factor**j, floor)``. Where float rounding puts
    ``lr * factor**J`` on the limit itself, ``J`` may be off by one: that cut moves
    the LR by about ``eps``. numpy applies the cuts one at a time instead
    (bit for bit as torch).
    """
    k = xp.maximum(xp.zeros_like(lr) + k, 0.0)
    limit = xp.maximum(floor + eps, eps / (1.0 - factor)) + xp.zeros_like(lr)
    if factor == 0.0:
        j = xp.minimum(k, xp.where(lr > limit, 1.0, 0.0))
        return xp.where(j > 0, xp.maximum(0.0 * lr, floor), lr)
    ratio = xp.maximum(limit / xp.maximum(lr, 1e-300), 1e-300)  # lr = 0: no cut at all
    first = xp.maximum(xp.ceil(xp.log(ratio) / math.log(factor)), 0.0)
    j = xp.minimum(k, xp.where(lr > limit, first, 0.0))
    return xp.where(j > 0, xp.maximum(lr * factor ** j, floor), lr)  # no cut never lifts an LR to the floor


class PlateauController:
    """Decides when a ``plateau`` schedule cuts the LR, from the validation metric.

    The rule is torch's ``ReduceLROnPlateau`` rule (see :class:`Plateau`). The whole
    state is ``state_dict()``: ``best``, ``num_bad_epochs``, ``cooldown_counter``,
    ``reductions`` and ``last_epoch`` (the number of metrics seen), plain numbers.

    A metric that is NaN or infinite is *reported*, never counted: it issues an
    :class:`lrkit.LRKitWarning` naming the value and the evaluation, and leaves the
    state unchanged apart from ``last_epoch`` (torch would count NaN as a bad epoch
    and ``-inf`` as an improvement that nothing can ever beat).

    >>> ctl = PlateauController(mode="max", patience=0)
    >>> [ctl.step(acc) for acc in (0.5, 0.6, 0.6, 0.6)], ctl.reductions
    ([False, False, True, True], 2)
    >>> ctl.state_dict()["best"]
    0.6
    """

    _FIELDS = ("best", "num_bad_epochs", "cooldown_counter", "reductions", "last_epoch")

    def __init__(self, mode: str = "min", patience: int = 10, threshold: float = 1e-4,
                 threshold_mode: str = "rel", cooldown: int = 0):
        # validation shared with the schedule value (same messages)
        p = Plateau(mode=mode, patience=patience, threshold=threshold, threshold_mode=threshold_mode,
                    cooldown=cooldown)
        self.mode, self.patience, self.threshold = p.mode, p.patience, p.threshold
        self.threshold_mode, self.cooldown = p.threshold_mode, p.cooldown
        self.best = math.inf if self.mode == "min" else -math.inf
        self.num_bad_epochs = 0
        self.cooldown_counter = 0
        self.reductions = 0
        self.last_epoch = 0

    def _is_better(self, a: float, best: float) -> bool:
        if self.mode == "min":
            return a < best * (1.0 - self.threshold) if self.threshold_mode == "rel" else a < best - self.threshold
        return a > best * (self.threshold + 1.0) if self.threshold_mode == "rel" else a > best + self.threshold

    def step(self, metric: Any) -> bool:
        """Feed one validation metric; return ``True`` when this metric makes the LR be cut."""
        try:
            current = float(metric)
        except (TypeError, ValueError):
            raise LRKitError(f"plateau: the metric must be a number (e.g. the validation loss), "
                             f"got {metric!r}") from None
        self.last_epoch += 1
        if not math.isfinite(current):
            warnings.warn(f"plateau: metric {current} at evaluation {self.last_epoch} is not finite; "
                          "it was ignored (counted neither as an improvement nor as a plateau). "
                          "A NaN/inf validation metric usually means the run diverged.",
                          LRKitWarning, stacklevel=2)
            return False
        if self._is_better(current, self.best):
            self.best = current
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            self.reductions += 1
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0
            return True
        return False

    @property
    def in_cooldown(self) -> bool:
        return self.cooldown_counter > 0

    def state_dict(self) -> dict[str, Any]:
        """The controller's state: plain numbers, enough to resume exactly."""
        return {k: getattr(self, k) for k in self._FIELDS}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Restore a state from :meth:`state_dict` (checked: every field, right types)."""
        if not isinstance(state, Mapping) or set(state) != set(self._FIELDS):
            raise LRKitError(f"plateau: a controller state needs exactly the keys {', '.join(self._FIELDS)}, "
                             f"got {state!r}")
        counts = {k: check_int("plateau", f"controller state {k}", state[k], ge=0)
                  for k in ("num_bad_epochs", "cooldown_counter", "reductions", "last_epoch")}
        best = state["best"]
        if not (isinstance(best, float) and math.isinf(best)):  # +-inf: the start, before any metric
            best = check_float("plateau", "controller state best", best)
        self.best = float(best)
        for k, v in counts.items():
            setattr(self, k, v)

    def __repr__(self) -> str:
        return f"PlateauController({self.state_dict()})"
