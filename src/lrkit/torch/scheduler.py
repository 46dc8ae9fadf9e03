"""``lrkit.torch.LRScheduler``: any lrkit schedule as a real torch LR scheduler.

The scheduler's position is the number of *real optimizer updates* made so far
(counted by an optimizer step hook, so an update a ``GradScaler`` skipped is not
counted), and the LR it writes is the closed-form curve at that position. Its
whole state is that counter, the plateau controller's state and the plan (spec
text, run length); resuming continues the LR sequence bit for bit.

Over 400 lines because it is one class whose parts share one state machine (position,
restore, plateau, chunked evaluation, torch's base-class hooks); the update counting it
reads lives in :mod:`lrkit.torch.updates`, the ``replan="continue"`` refit in
:mod:`lrkit.torch.replan`, the other hyperparameters in :mod:`lrkit.torch.params`.
"""

from __future__ import annotations

import math
import operator
import weakref
from typing import Any, Mapping, Sequence

import numpy as np
import torch
from torch.optim.lr_scheduler import LRScheduler as _TorchLRScheduler

from ..errors import LRKitError, warn_once
from ..schedules import Curve, Schedule
from ..schedules.plateau import Plateau, PlateauController
from ..schedules.validate import check_int
from ..spec import as_schedule
from .replan import Plan, policy, refit, warp_steps
from .updates import UpdateCounter, fingerprint, same_fingerprint

__all__ = ["LRScheduler", "as_schedule"]

_STATE_VERSION = 1
_RATES = ("tokens_per_step", "samples_per_step")  # in the plan only when given

def _checked_warp(warp: Any) -> tuple[int, float, float] | None:
    """A saved replan="continue" refit ``[p, q, e]`` (``None`` when the run was never refit)."""
    if warp is None:
        return None
    ok = isinstance(warp, (list, tuple)) and len(warp) == 3 and all(
        isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in warp)
    if not ok or not 0 <= warp[1] <= warp[2] or not warp[0] < warp[2]:
        raise LRKitError(f"LRScheduler.load_state_dict: warp must be [position, step, end] with position < end "
                         f"(a replan='continue' refit), got {warp!r}")
    return int(warp[0]), float(warp[1]), float(warp[2])


class LRScheduler(_TorchLRScheduler):
    """Run an lrkit schedule as a ``torch.optim.lr_scheduler.LRScheduler``.

    ``LRScheduler(optimizer, schedule, total_steps=None, *, steps_per_epoch=None, per="step",
    tokens_per_step=None, samples_per_step=None)``

    - ``schedule``: a :class:`lrkit.Schedule`, a spec string (``"warmup(5%) >> cosine"``)
      or its dict form. It is bound once to ``total_steps`` (optimizer updates in the
      whole run, warmup included; or the run as a budget, ``"300Btok"``, ``"2Msp"``),
      ``steps_per_epoch`` (needed for ``"5ep"`` durations and ``per="epoch"``) and
      ``tokens_per_step`` / ``samples_per_step`` (tokens or samples in one optimizer
      update, across processes and accumulated micro-batches; needed for ``"375Mtok"``
      and ``"50ksp"``). A budget that is not a whole number of updates rounds up.
    - ``per="step"`` (default) gives every update its own LR; ``per="epoch"`` holds the
      LR of each epoch's first update for the whole epoch (the staircase of a torch
      scheduler stepped once per epoch).
    - ``base_lrs``: the LR the schedule multiplies, one number or one per param group.
      By default each group's ``initial_lr`` (set by a previous scheduler or restored
      from a checkpoint) or else its ``lr``, like torch. ``group_multipliers``: extra
      per-group factors on top (layer-wise LR decay).
    - ``count="updates"`` (default): the schedule's position is the number of real
      optimizer updates so far, read at each ``step()``. An update a ``GradScaler``
      skipped is not counted, and calling ``step()`` once per batch or once per epoch
      both give the right curve. ``count="calls"``: every ``step()`` call advances one
      position, as in torch.
    - ``replan``: let ``load_state_dict`` accept a state saved under a different spec
      or run length: ``"jump"`` (or ``True``) continues from the saved position with the
      new plan's LR there (it may jump); ``"continue"`` keeps the saved LR and refits the
      rest of the run to the new plan (see :mod:`lrkit.torch.replan`).
    - ``restart``: start at position 0 and write its LR now even when the optimizer's
      groups carry ``initial_lr`` (a restored optimizer); see below.

    When the optimizer is written: at construction, with the LR of position 0 —
    except when its param groups already carry ``initial_lr`` (the optimizer was
    restored from a checkpoint, or another scheduler ran on it), where construction
    leaves the restored LRs alone until ``load_state_dict()`` (which writes the LR of
    the saved position) or the first ``step()`` (which warns that the schedule
    restarts from 0 and writes). Then at every ``step()``/``advance()`` and at
    ``load_state_dict()``. A tensor ``lr`` is written in place (``fill_``), so a
    ``torch.compile``d optimizer step is not recompiled.

    A schedule with ``plateau(...)`` is stepped with the validation metric,
    ``step(val_loss)``, once per evaluation; ``advance()`` moves a warmup in front of
    it along between evaluations (once per batch). Param groups added to the
    optimizer later are picked up at the next step, with their ``initial_lr`` (else
    ``lr``) as base; removing groups is an error.

    >>> import torch, lrkit.torch
    >>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(2))], lr=0.1)
    >>> sched = lrkit.torch.LRScheduler(opt, "warmup(2) >> cosine", total_steps=6)
    >>> lrs = []
    >>> for _ in range(6):
    ...     lrs.append(round(opt.param_groups[0]["lr"], 6))
    ...     opt.step(); sched.step()
    >>> lrs
    [0.0, 0.05, 0.1, 0.085355, 0.05, 0.014645]
    """

    def __init__(self, optimizer: torch.optim.Optimizer, schedule: Any, total_steps: int | None = None, *,
                 steps_per_epoch: int | None = None, per: str = "step",
                 tokens_per_step: float | None = None, samples_per_step: float | None = None,
                 base_lrs: float | Sequence[float] | None = None,
                 group_multipliers: Sequence[float] | None = None, count: str = "updates",
                 replan: bool | str = False, restart: bool = False) -> None:
        if not isinstance(optimizer, torch.optim.Optimizer):
            raise LRKitError(f"LRScheduler: optimizer must be a torch.optim.Optimizer, got {type(optimizer).__name__}")
        if count not in ("updates", "calls"):
            raise LRKitError(f"LRScheduler: count must be 'updates' or 'calls', got {count!r}")
        self.schedule = as_schedule(schedule)
        self.curve = self._bind(self.schedule, total_steps, steps_per_epoch, per,
                                tokens_per_step=tokens_per_step, samples_per_step=samples_per_step)
        self.total_steps, self.steps_per_epoch, self.per = self.curve.total_steps, self.curve.steps_per_epoch, per
        self.tokens_per_step = self.curve.context.tokens_per_step
        self.samples_per_step = self.curve.context.samples_per_step
        self.count, self.replan = count, replan
        policy(replan, "LRScheduler")  # checked now, used at load_state_dict
        self._warp: tuple[int, float, float] | None = None  # set by replan="continue" (saved in the state)
        self._controller = self._make_controller(self.schedule)
        # a per-group parameter (plateau's min_lr list) ties columns to groups: no sharing by base LR
        self._share = not any(isinstance(n, Plateau) and isinstance(n.min_lr, tuple) for n in self.schedule.walk())
        self._beta1 = self._momentum_key(optimizer) if self.curve.cycles_momentum else None

        groups = optimizer.param_groups
        restored = self._restored(groups)
        self._multipliers = self._initial_bases(groups, base_lrs, group_multipliers)[1]
        self._counter = UpdateCounter.of(optimizer)
        self._pending_fp: tuple | None = None
        self._lo = self._hi = -1
        self._table_reductions = 0
        self._awaiting_restore = restored and not restart
        # torch's base class: checks the optimizer, sets each group's initial_lr where missing (done above, with
        # base_lrs), base_lrs, last_epoch, the optimizer.step wrapper its order check reads, and calls
        # _initial_step(), which here places the schedule at position 0 (see there)
        super().__init__(optimizer)

    def _initial_step(self) -> None:
        """Start at position 0: what torch's base ``__init__`` and ``SequentialLR`` (at a milestone) call.

        At construction, position 0's LR is written unless the groups carry a restored
        ``initial_lr`` (see the class docstring). Called again later (``SequentialLR``
        handing over to this scheduler at its milestone), the schedule restarts from
        position 0 at the current update and writes that LR.
        """
        self.base_lrs = [float(b) for b in self.base_lrs]
        constructing = not hasattr(self, "_pos")
        self._seen = self._counter.updates
        self._pos = self.last_epoch = 0
        self._step_count = 1
        self._pending_fp = None
        if constructing and self._awaiting_restore:
            self._last_lr = [float(g["lr"]) for g in self.optimizer.param_groups]
            return
        self._awaiting_restore = False
        self._write()

    def _update_lr(self, epoch: int | None = None) -> None:
        """torch's stepping hook: ``SequentialLR`` calls ``_update_lr(0)`` to hand over at a milestone."""
        if epoch != 0:
            raise LRKitError("LRScheduler: an epoch= position is not supported (deprecated in torch too); "
                             "call step(), the position is counted for you")
        self._initial_step()

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the optimizer hook and the evaluated chunk (rebuilt on load), like torch's schedulers."""
        state = dict(self.__dict__)
        for key in ("_counter", "_rows", "_moms", "_pick", "_pending_fp"):
            state.pop(key, None)
        state["_lo"] = state["_hi"] = -1
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._counter = UpdateCounter.of(self.optimizer)
        self._seen = self._counter.updates
        self._pending_fp = None

    # ---- construction helpers --------------------------------------------------------
    def _restored(self, groups: list[dict]) -> bool:
        """Whether the groups come from a checkpoint (or another scheduler): they carry ``initial_lr``."""
        return any("initial_lr" in g for g in groups)

    @staticmethod
    def _bind(schedule: Schedule, total_steps: Any, steps_per_epoch: Any, per: str, **rates: Any) -> Curve:
        try:
            return schedule.bind(total_steps=total_steps, steps_per_epoch=steps_per_epoch, per=per, **rates)
        except LRKitError as e:
            raise LRKitError(str(e).replace("to bind()", "to LRScheduler(...)").replace("bind: ", "LRScheduler: ")) \
                from None

    @staticmethod
    def _make_controller(schedule: Schedule) -> PlateauController | None:
        plateaus = [s for s in schedule.walk() if isinstance(s, Plateau)]
        if len(plateaus) > 1:
            raise LRKitError(f"LRScheduler: a schedule may hold one plateau(...), got {len(plateaus)} in '{schedule}'")
        return plateaus[0].controller() if plateaus else None

    def _momentum_key(self, optimizer: torch.optim.Optimizer) -> bool:
        """``True`` to cycle Adam's ``betas[0]``, ``False`` for SGD's ``momentum`` (as torch decides)."""
        if "betas" in optimizer.defaults:
            return True
        if "momentum" in optimizer.defaults:
            return False
        raise LRKitError(f"LRScheduler: '{self.schedule}' cycles momentum, but {type(optimizer).__name__} has "
                         "neither momentum nor betas; write cycle_momentum=false in the schedule")

    def _initial_bases(self, groups: list[dict], base_lrs: Any,
                       multipliers: Any) -> tuple[list[float], list[float]]:
        """The base LR and the multiplier of each group, checked (one number is broadcast)."""
        n = len(groups)

        def numbers(value: Any, what: str) -> list[float]:
            vals = [value] * n if isinstance(value, (int, float)) and not isinstance(value, bool) else value
            try:
                vals = [float(v) for v in vals]
            except (TypeError, ValueError):
                vals = None
            if vals is None or len(vals) != n or not all(math.isfinite(v) and v >= 0 for v in vals):
                raise LRKitError(f"LRScheduler: {what} must be a number >= 0 or a list of {n} of them "
                                 f"(one per param group), got {value!r}")
            return vals

        if base_lrs is not None:
            bases = numbers(base_lrs, "base_lrs")
            for g, b in zip(groups, bases):
                g["initial_lr"] = b
        else:
            bases = []
            for g in groups:
                lr = g["lr"]
                g.setdefault("initial_lr", lr.clone() if isinstance(lr, torch.Tensor) else lr)
                bases.append(float(g["initial_lr"]))
        mults = [1.0] * n if multipliers is None else numbers(multipliers, "group_multipliers")
        return bases, mults

    def _sync_groups(self) -> None:
        groups = self.optimizer.param_groups
        if len(groups) < len(self.base_lrs):
            raise LRKitError(f"LRScheduler: the optimizer has {len(groups)} param groups, fewer than the "
                             f"{len(self.base_lrs)} this scheduler drives; removing groups is not supported "
                             "(build a new scheduler)")
        for g in groups[len(self.base_lrs):]:
            lr = g["lr"]
            g.setdefault("initial_lr", lr.clone() if isinstance(lr, torch.Tensor) else lr)
            self.base_lrs.append(float(g["initial_lr"]))
            self._multipliers.append(1.0)
        self._invalidate()

    # ---- warnings --------------------------------------------------------------------
    def _warn(self, key: str, msg: str, stacklevel: int = 4) -> None:
        warn_once(self, key, msg, stacklevel=stacklevel + 1)  # once per cause and per scheduler

    # ---- stepping --------------------------------------------------------------------
    def step(self, metric: Any = None, epoch: Any = None) -> None:  # type: ignore[override]
        """Move to the current position and write its LR; ``metric`` feeds ``plateau(...)``.

        With ``count="updates"`` the position is the number of real optimizer
        updates so far: a call after an update a ``GradScaler`` skipped (or with no
        update at all) leaves the LR where it is.
        """
        if epoch is not None:
            raise LRKitError("LRScheduler.step: epoch= is not supported (deprecated in torch too); "
                             "the position is counted for you")
        if self._controller is None:
            if metric is not None:
                raise LRKitError(f"LRScheduler.step: got metric={metric!r}, but '{self.schedule}' has no "
                                 "plateau(...); call step() without arguments")
        elif metric is None:
            raise LRKitError(f"LRScheduler.step: '{self.schedule}' contains plateau(...): pass the validation "
                             "metric, scheduler.step(val_loss), once per evaluation (use scheduler.advance() "
                             "to move a warmup along between evaluations)")
        self._advance(check_order=metric is None)
        if metric is not None:
            self._controller.step(metric)  # type: ignore[union-attr]
        self._write()

    def advance(self) -> None:
        """Move to the current position and write its LR, without a metric (any schedule).

        For plateau schedules: call it once per batch so a warmup in front of the
        plateau moves smoothly; feed the metric with ``step(val_loss)``.
        """
        self._advance()
        self._write()

    def _advance(self, check_order: bool = True) -> None:
        if self._awaiting_restore:
            self._awaiting_restore = False
            self._warn("restart", "lrkit.torch.LRScheduler: the optimizer's param groups carried initial_lr "
                       "(restored from a checkpoint?) but this scheduler's state was not loaded, so the schedule "
                       "starts from position 0 and replaces the restored LRs. To resume, call "
                       "scheduler.load_state_dict(saved_state) before training; to start over on purpose, "
                       "pass restart=True.", stacklevel=4)
        self._step_count += 1
        if self.count == "calls":
            if self._counter.updates == 0:
                self._warn("order", "lrkit.torch.LRScheduler.step() was called before any optimizer.step(); "
                           "with count='calls' this skips the schedule's first LR. Call optimizer.step() first.",
                           stacklevel=4)
            self._pos += 1
        else:
            n = self._counter.updates
            if n > self._seen:
                self._pos += n - self._seen
                self._seen = n
                self._pending_fp = None
            elif check_order:  # a metric step right after advance() is the normal plateau pattern
                fp = fingerprint(self.optimizer)
                if same_fingerprint(fp, self._pending_fp):
                    self._warn("no-update", "lrkit.torch.LRScheduler.step() was called again without an "
                               "optimizer update (and no backward pass) in between: the schedule only advances "
                               "on real optimizer.step() updates. Call optimizer.step() before scheduler.step().",
                               stacklevel=4)
                if self._pending_fp is None:
                    self._counter.pending.append(weakref.ref(self))
                self._pending_fp = fp
        self.last_epoch = self._pos

    def _on_update(self, optimizer: Any) -> None:
        """Called by the step hook after each real update: catch step() before optimizer.step()."""
        if self._pending_fp is not None and self.count == "updates":
            if same_fingerprint(fingerprint(self.optimizer), self._pending_fp):
                self._warn("order", "lrkit.torch.LRScheduler.step() was called before optimizer.step() in the "
                           "same iteration. lrkit counts real updates, so the LRs stay right, but put "
                           "scheduler.step() after optimizer.step() (torch's schedulers would skip a value).",
                           stacklevel=4)
            self._pending_fp = None

    # ---- evaluating and writing ------------------------------------------------------
    @property
    def position(self) -> int:
        """The schedule position (real updates counted so far; ``last_epoch`` in torch terms)."""
        return self._pos

    @property
    def reductions(self) -> int:
        """How many times ``plateau(...)`` has cut the LR (0 without a plateau)."""
        return self._controller.reductions if self._controller is not None else 0

    @property
    def controller(self) -> PlateauController | None:
        """The plateau controller, or ``None`` when the schedule has no ``plateau(...)``."""
        return self._controller

    # The curve is evaluated a chunk of positions at a time (one vectorized call over the chunk
    # and the distinct base LRs) into plain Python floats; a step then only indexes a list.
    # Chunks are aligned to multiples of their size, so a resumed run evaluates exactly the
    # same arrays as an uninterrupted one (bit-for-bit LRs).
    def _chunk_size(self) -> int:
        cols = len(set(self.base_lrs)) if self._share else len(self.base_lrs)
        return max(16, min(1024, 65536 // max(1, cols)))

    def _build_table(self, pos: int) -> None:
        bases = [b * m for b, m in zip(self.base_lrs, self._multipliers)]
        uniq = sorted(set(bases)) if self._share else bases
        col = {b: j for j, b in enumerate(uniq)}
        size = self._chunk_size()
        lo = pos // size * size
        steps = np.arange(lo, lo + size, dtype=np.int64)
        if self.total_steps is not None:
            steps = np.minimum(steps, self.total_steps)
        self._table_reductions = self.reductions
        at = steps if self._warp is None else warp_steps(steps.astype(np.float64), self._warp)
        table = self.curve(at, np.asarray(uniq, dtype=np.float64), reductions=self._table_reductions)
        self._rows = table.tolist()
        self._moms = self.curve.momentum(steps).tolist() if self._beta1 is not None else None
        idx = [col[b] for b in bases] if self._share else list(range(len(bases)))
        self._pick = None if len(set(idx)) == 1 else operator.itemgetter(*idx)  # None: all groups, column 0
        self._lo, self._hi = lo, lo + size

    def _invalidate(self) -> None:
        self._lo = self._hi = -1

    def _values(self, pos: int) -> list[float]:
        if self.total_steps is not None and pos > self.total_steps:
            pos = self.total_steps
        if not self._lo <= pos < self._hi or self._table_reductions != self.reductions:
            self._build_table(pos)
        row = self._rows[pos - self._lo]
        if self._pick is None:
            return [row[0]] * len(self.base_lrs)
        return list(self._pick(row))

    def _write(self) -> None:
        groups = self.optimizer.param_groups
        if len(groups) != len(self.base_lrs):
            self._sync_groups()
        pos = self._pos
        if self.total_steps is not None and pos > self.total_steps:
            self._warn("past-end", f"lrkit.torch.LRScheduler: stepped past total_steps={self.total_steps} "
                       f"(position {pos}); holding the final LR. Pass the run's real length as total_steps.",
                       stacklevel=4)
            pos = self.total_steps
        vals = self._values(pos)
        tensors = False
        for g, v in zip(groups, vals):
            lr = g["lr"]
            if type(lr) is float or not isinstance(lr, torch.Tensor):
                g["lr"] = v
            else:
                lr.fill_(v)
                tensors = True
        self._last_lr = [g["lr"].clone() for g in groups] if tensors else vals
        if self._moms is not None:
            m = self._moms[pos - self._lo]
            if m == m:  # NaN: this part of the schedule leaves momentum alone
                for g in groups:
                    if self._beta1:
                        b0 = g["betas"][0]
                        if isinstance(b0, torch.Tensor):
                            b0.fill_(m)
                        else:
                            g["betas"] = (m, *g["betas"][1:])
                    else:
                        g["momentum"] = m

    def get_lr(self) -> list[float]:  # type: ignore[override]
        """The LRs of the current position, one per param group (what ``step()`` writes)."""
        return list(self._values(self._pos))

    def get_last_lr(self) -> list[Any]:  # type: ignore[override]
        """The LRs last written, one per param group (copies, like torch)."""
        return list(self._last_lr)

    # ---- state -----------------------------------------------------------------------
    def _plan(self) -> dict[str, Any]:
        """The plan: spec and run length; the token/sample rates only when given (older states lack them)."""
        rates = {k: v for k, v in (("tokens_per_step", self.tokens_per_step),
                                   ("samples_per_step", self.samples_per_step)) if v is not None}
        return {"spec": str(self.schedule), "total_steps": self.total_steps,
                "steps_per_epoch": self.steps_per_epoch, "per": self.per, **rates}

    @staticmethod
    def _plan_text(plan: Mapping[str, Any]) -> str:
        rates = "".join(f", {k}={plan[k]}" for k in (*_RATES, "params") if plan.get(k) is not None)
        return (f"'{plan.get('spec')}' with total_steps={plan.get('total_steps')}, "
                f"steps_per_epoch={plan.get('steps_per_epoch')}, per={plan.get('per')!r}{rates}")

    def state_dict(self) -> dict[str, Any]:
        """The whole state: position, plateau controller state and the plan it was made for.

        >>> import torch, lrkit.torch
        >>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
        >>> lrkit.torch.LRScheduler(opt, "cosine", total_steps=10).state_dict()
        {'lrkit': 1, 'position': 0, 'plateau': None, 'count': 'updates', 'spec': 'cosine', 'total_steps': 10, 'steps_per_epoch': None, 'per': 'step'}
        """
        warp = {} if self._warp is None else {"warp": list(self._warp)}  # a replan="continue" refit
        return {"lrkit": _STATE_VERSION, "position": self._pos,
                "plateau": self._controller.state_dict() if self._controller is not None else None,
                "count": self.count, **self._plan(), **warp}

    def load_state_dict(self, state_dict: Mapping[str, Any], replan: bool | str | None = None) -> None:  # type: ignore[override]
        """Resume from :meth:`state_dict`: same position, same plateau state; writes that LR.

        A state saved for another spec or run length, or with another ``count``
        mode, is an error showing both, unless ``replan`` (here or at construction)
        says how to go on under this scheduler's plan and counting:

        - ``"jump"`` (or ``True``): the saved position and plateau state continue
          under the new plan, whose LR at that position is written (it may jump).
        - ``"continue"``: the LR at the saved position stays what the saved plan
          gave, and the rest of the run is refit to the new plan (the current phase
          stretched or squeezed to where the new plan ends it; see
          :mod:`lrkit.torch.replan` for each family, and what is refused). The refit
          is saved in :meth:`state_dict`, so later resumes of this run are exact.
        """
        keys = {"lrkit", "position", "plateau", "count", "spec", "total_steps", "steps_per_epoch", "per"}
        if not isinstance(state_dict, Mapping) or state_dict.get("lrkit") != _STATE_VERSION or \
                not keys <= set(state_dict):
            raise LRKitError("LRScheduler.load_state_dict: not a state saved by lrkit.torch.LRScheduler.state_dict() "
                             f"(expected keys {', '.join(sorted(keys))}), got {type(state_dict).__name__} "
                             f"with keys {sorted(state_dict) if isinstance(state_dict, Mapping) else '-'}")
        pos = state_dict["position"]
        check_int("LRScheduler.load_state_dict", "position", pos, ge=0)
        mode = policy(self.replan if replan is None else replan, "LRScheduler.load_state_dict")
        saved = {k: state_dict[k] for k in ("spec", "total_steps", "steps_per_epoch", "per")}
        saved.update({k: state_dict[k] for k in (*_RATES, "params") if state_dict.get(k) is not None})
        saved_warp = _checked_warp(state_dict.get("warp"))
        same = saved == self._plan()
        if not same and mode is None:
            raise LRKitError("LRScheduler.load_state_dict: the saved state was made for a different plan:\n"
                             f"  saved: {self._plan_text(saved)}\n  now:   {self._plan_text(self._plan())}\n"
                             "Build the scheduler with the saved plan to resume exactly, or pass replan=True "
                             f"to continue from the saved position ({pos}) under the new plan (replan='continue' "
                             "keeps the LR there and refits the rest of the run).")
        if state_dict["count"] != self.count and mode is None:
            raise LRKitError(f"LRScheduler.load_state_dict: the saved position ({pos}) counts "
                             f"{state_dict['count']!r} (count={state_dict['count']!r}) but this scheduler counts "
                             f"{self.count!r}, so the same number means another point of the curve. Build it with "
                             f"count={state_dict['count']!r} to resume exactly, or pass replan=True to take the "
                             f"saved position as {self.count!r}.")
        warp = saved_warp if same else None
        if not same and mode == "continue":
            warp = self._refit(saved, saved_warp, int(pos))
        if self._controller is not None:
            if state_dict["plateau"] is not None:
                self._controller.load_state_dict(state_dict["plateau"])
            elif mode is None:  # pragma: no cover - same plan implies same plateau presence
                raise LRKitError("LRScheduler.load_state_dict: the saved state has no plateau state")
        self._warp = warp
        self._pos = int(pos)
        self.last_epoch = self._pos
        self._seen = self._counter.updates
        self._pending_fp = None
        self._awaiting_restore = False
        self._invalidate()
        self._write()

    def _refit(self, saved: Mapping[str, Any], saved_warp: tuple | None, pos: int) -> tuple | None:
        """The warp that continues the saved plan at ``pos`` under this one (replan="continue")."""
        try:
            old = as_schedule(saved["spec"]).bind(
                total_steps=saved["total_steps"], steps_per_epoch=saved["steps_per_epoch"], per=saved["per"],
                **{k: saved[k] for k in _RATES if k in saved})
            base = self.base_lrs[0] * self._multipliers[0] if self.base_lrs else 1.0
            return refit(Plan(self.curve), Plan(old, saved_warp), pos, base)
        except LRKitError as e:
            raise LRKitError(f"LRScheduler.load_state_dict: {e}\n  saved: {self._plan_text(saved)}\n"
                             f"  now:   {self._plan_text(self._plan())}") from None

    def __repr__(self) -> str:
        return (f"lrkit.torch.LRScheduler('{self.schedule}', total_steps={self.total_steps}, "
                f"steps_per_epoch={self.steps_per_epoch}, per={self.per!r}, position={self._pos})")
