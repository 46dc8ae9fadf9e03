"""Compare schedules over several seeds, with stored, resumable runs and a report.

``compare(train_fn, schedules, seeds=3)`` runs every schedule with every seed
through the user's own ``train_fn(schedule, seed, report)``, which trains one
model and calls ``report(epoch, metrics)`` after each epoch (or returns the
list of per-epoch metric dicts, or a dict with ``"history"``). Each run is an
Optuna trial in a storage (a SQLite file by default, any Optuna storage URL to
share the work between processes and machines):

- finished runs are kept: run the same call again after a crash, Ctrl-C or
  ``kill`` and only the missing runs are done (an interrupted run starts again);
- several processes (``workers=``, or several ``lrkit compare`` commands on one
  ``storage``) take runs from one queue and never do one twice;
- the result holds every run's per-epoch metrics and a summary over seeds
  (a :class:`~lrkit.experiments.comparison.Comparison`, in
  :mod:`lrkit.experiments.comparison`); ``out=`` writes the report
  (:mod:`lrkit.experiments.report`).

This module is the code of :func:`lrkit.compare` (also
:func:`lrkit.experiments.compare`): its arguments, the LR finder's values
behind ``auto``, and what a comparison trial is (:class:`_Runs`) for the
worker engine (:mod:`lrkit.experiments.engine`), which claims, runs and
resumes the trials.

>>> import lrkit as lk
>>> def train(schedule, seed, report):          # a user's training function
...     curve = schedule.bind(total_steps=4)
...     loss = 1.0 + 0.01 * seed
...     for epoch in range(1, 5):
...         loss *= 1 - curve(epoch - 1, 0.5)    # "training": the LR shrinks the loss
...         report(epoch, {"val_loss": loss})
>>> res = lk.compare(train, [lk.constant(), lk.cosine()], seeds=2, progress=False)
>>> [(r["label"], r["seed"], round(r["final"]["val_loss"], 4)) for r in res.runs]
[('constant', 0, 0.0625), ('constant', 1, 0.0631), ('cosine', 0, 0.1992), ('cosine', 1, 0.2012)]
>>> res.best_label
'constant'
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from ..errors import LRKitError
from .comparison import Comparison
from .contract import (accepts_lr, best_epoch, check_picklable, check_reported, check_train_fn, check_writable,
                       clean_metrics, fn_name, parse_seeds, storage_for, train_once, whole_number)
from .engine import WAIT, Superseded, TrialKind, execute, open_study
from .specs import Entry, auto_values
from .storage import WORKER_ATTR, is_alive, reap_dead, redact, require_optuna, worker_identity
from .trials import AUTO_ATTR, KEY_ATTR, Run

__all__ = ["compare"]


# ---- what a comparison trial is ------------------------------------------------------------
@dataclass
class _Runs(TrialKind):
    """The trials of a comparison: one per :class:`~lrkit.experiments.trials.Run`, queued by key."""

    storage: str
    study_name: str
    runs: list[Run]
    train_fn: Callable
    metric: str
    mode: str
    threads: int | None
    unit = "run"
    process_name = "lrkit-worker"
    epoch_bars = True

    def total(self) -> int:
        return len(self.runs)

    def finished(self, study) -> int:
        from optuna.trial import TrialState

        keys = {r.key for r in self.runs}
        return sum(1 for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
                   if t.user_attrs.get(KEY_ATTR) in keys)

    def prepare(self, study) -> None:
        # queue the missing runs once, here, before workers start (they only re-queue failed ones)
        reap_dead(study)
        self._enqueue_missing(study, _index(study.get_trials(deepcopy=False), {r.key for r in self.runs}))

    def _enqueue_missing(self, study, index) -> None:
        for r in self.runs:
            st = index[r.key]
            if not (st["WAITING"] or st["RUNNING"] or st["COMPLETE"]):
                study.enqueue_trial({}, user_attrs={KEY_ATTR: r.key, "label": r.label, "spec": r.spec,
                                                    "seed": r.seed, "lr": r.lr})

    def claim(self, study) -> Any:
        """A waiting run (queued again when it failed), :data:`WAIT` while the rest runs elsewhere, None when done."""
        optuna = require_optuna()
        from optuna.trial import TrialState

        reap_dead(study)
        keys = {r.key for r in self.runs}
        index = _index(study.get_trials(deepcopy=False), keys)
        if all(index[k]["COMPLETE"] for k in keys):
            return None
        self._enqueue_missing(study, index)
        storage = study._storage
        for t in study.get_trials(deepcopy=False, states=(TrialState.WAITING,)):
            if t.user_attrs.get(KEY_ATTR) not in keys:
                continue
            try:
                # signed before it runs: a worker killed between the two writes leaves a waiting trial (claimed again
                # by the next worker), never a running one without a worker, which no one could tell dead
                storage.set_trial_system_attr(t._trial_id, WORKER_ATTR, worker_identity())
                if storage.set_trial_state_values(t._trial_id, state=TrialState.RUNNING):
                    return t
            except optuna.exceptions.UpdateFinishedTrialError:
                continue
        return WAIT

    def run(self, study, trial, emit: Callable[[tuple], None]) -> None:
        from optuna.trial import TrialState

        storage, tid = study._storage, trial._trial_id
        run = next(r for r in self.runs if r.key == trial.user_attrs[KEY_ATTR])
        spec = trial.user_attrs.get("spec", run.spec)
        lr = trial.user_attrs.get("lr", run.lr)
        if run.schedule is not None and str(run.schedule) == spec:
            schedule = run.schedule
        else:
            from ..spec.parser import parse

            schedule = parse(spec)

        def on_epoch(epoch: int, clean: dict, history: dict) -> None:
            if not _is_canonical(study, tid, run.key):  # a rival claimed this run at the same moment and won
                raise Superseded("duplicate: another worker claimed this run at the same moment", **_DUPLICATE)
            storage.set_trial_user_attr(tid, f"epoch:{epoch:05d}", clean)
            v = clean.get(self.metric)
            if v is not None and math.isfinite(v):
                storage.set_trial_intermediate_value(tid, epoch, v)
            emit(("epoch", epoch))

        if not _is_canonical(study, tid, run.key):
            raise Superseded("duplicate: another worker runs or ran this run", **_DUPLICATE)
        emit(("start", f"{run.label[:40]} seed={run.seed}"))
        got = train_once(self.train_fn, schedule, run.seed, lr, on_epoch, which=f"for {run.key}")
        final, best = got.extras.get("final"), got.extras.get("best")
        final = clean_metrics(len(got.history), final) if final else dict(got.history[-1])
        best = (clean_metrics(int(best.get("epoch", 1)), best) if best
                else best_epoch(got.history, self.metric, self.mode))
        check_reported(final, self.metric, "compare")
        if not _is_canonical(study, tid, run.key):
            raise Superseded("duplicate: another worker finished this run first", **_DUPLICATE)
        storage.set_trial_user_attr(tid, "final", final)
        storage.set_trial_user_attr(tid, "best", best)
        storage.set_trial_user_attr(tid, "seconds", got.seconds)
        v = final[self.metric]
        if not math.isfinite(v):
            v = -math.inf if self.mode == "max" else math.inf
        storage.set_trial_state_values(tid, state=TrialState.COMPLETE, values=[v])


_DUPLICATE = {"lrkit:duplicate": True}


def _index(trials, keys) -> dict[str, dict[str, list]]:
    out: dict[str, dict[str, list]] = {k: {"WAITING": [], "RUNNING": [], "COMPLETE": []} for k in keys}
    for t in trials:
        k = t.user_attrs.get(KEY_ATTR)
        if k in out and t.state.name in out[k]:
            out[k][t.state.name].append(t)
    return out


def _is_canonical(study, trial_id: int, key: str) -> bool:
    """Whether this running trial is the one that should run ``key``.

    Two processes can enqueue the same missing run at the same moment; the
    duplicate is found here: a run already complete, or an earlier-claimed
    live trial of the same key, wins.
    """
    from optuna.trial import TrialState

    rivals = [t for t in study.get_trials(deepcopy=False, states=(TrialState.RUNNING, TrialState.COMPLETE))
              if t.user_attrs.get(KEY_ATTR) == key]
    if any(t.state == TrialState.COMPLETE and t._trial_id != trial_id for t in rivals):
        return False
    live = [t for t in rivals if t.state == TrialState.RUNNING
            and (t._trial_id == trial_id or is_alive(t.system_attrs.get(WORKER_ATTR)) is not False)]
    if not live:
        return True
    first = min(live, key=lambda t: (t.datetime_start or 0, t.number) if t.datetime_start else (0, t.number))
    return first._trial_id == trial_id


# ---- the public entry point -----------------------------------------------------------------
def _entries(schedules: Any) -> list[Entry]:
    if isinstance(schedules, str) or not isinstance(schedules, Iterable):
        schedules = [schedules]
    entries = [Entry.parse(s) for s in schedules]
    if not entries:
        raise LRKitError("compare: schedules must name at least one schedule")
    labels = [e.label for e in entries]
    dup = sorted({x for x in labels if labels.count(x) > 1})
    if dup:
        raise LRKitError(f"compare: schedule {dup[0]!r} is listed twice")
    return entries


def _check_spec(entry: Entry, original: Any) -> Any:
    """Parse the entry (``auto`` replaced by a stand-in) so a bad spec fails before any run."""
    from ..schedules import Schedule
    from ..spec.parser import parse

    if isinstance(original, Schedule):
        return original
    spec, _ = entry.resolve({"lr": 1.0, "min_lr": 0.1, "max_lr": 3.0} if entry.needs_auto else None)
    return parse(spec)


_WHAT = {"lr": "auto (the finder's suggest())", "min_lr": "auto.min (the low end of its suggest_range())",
         "max_lr": "auto.max (the high end of its suggest_range())"}


def _stored_auto(study) -> dict[str, float]:
    """The finder values stored with the study: ``{"value": lr, "min_lr": …, "max_lr": …}`` (any of them)."""
    stored = study.user_attrs.get(AUTO_ATTR) or {}
    out = {"lr": stored["value"]} if stored.get("value") is not None else {}
    out.update((k, stored[k]) for k in ("min_lr", "max_lr") if stored.get(k) is not None)
    return {k: float(v) for k, v in out.items()}


def _resolve_auto(study, auto_lr: Any, entries: Sequence[Entry]) -> dict[str, float]:
    """The finder values the entries use: stored with the study, else from ``auto_lr`` (then stored).

    A value once stored is never replaced: a study stored before ``auto.min``/``auto.max``
    existed (only the suggestion) keeps it, and ``auto_lr`` is asked only for the missing ones.
    """
    needed = {}  # key -> the first entry that uses it
    for e in entries:
        for k in sorted(e.auto_keys):
            needed.setdefault(k, e.label)
    values = _stored_auto(study)
    missing = [k for k in ("lr", "min_lr", "max_lr") if k in needed and k not in values]
    if not missing:
        return values
    if auto_lr is None:
        raise LRKitError(f"compare: {needed[missing[0]]!r} uses {_WHAT[missing[0]]} but no LR finder was given: "
                         "pass auto_lr=NUMBER (the suggestion), auto_lr={'lr': …, 'min_lr': …, 'max_lr': …}, "
                         "a finder result, or a function returning one of these")
    got = auto_values(auto_lr() if callable(auto_lr) else auto_lr)
    lacking = [k for k in missing if k not in got]
    if lacking:
        k = lacking[0]
        raise LRKitError(f"compare: {needed[k]!r} uses {_WHAT[k]}, but auto_lr gave only "
                         f"{', '.join(f'{n}={v:g}' for n, v in got.items())}: pass auto_lr={{'lr': …, 'min_lr': …, "
                         "'max_lr': …}} (FinderResult.suggest() and suggest_range()), a finder result, or a "
                         "function returning one")
    values = {**got, **_stored_auto(study)}  # another process may have stored some meanwhile: theirs stay
    attr = {"value": values["lr"]} if "lr" in values else {}
    attr.update((k, values[k]) for k in ("min_lr", "max_lr") if k in values)
    study.set_user_attr(AUTO_ATTR, attr)
    return values


def compare(train_fn: Callable, schedules: Any, seeds: int | Iterable[int] = 3, *,
            metric: str = "val_loss", mode: str | None = None, storage: str | None = None,
            study_name: str | None = None, workers: int = 1, out: str | os.PathLike | None = None,
            epochs: int | None = None, steps_per_epoch: int | None = None, base_lr: float | None = None,
            target: float | None = None, auto_lr: Any = None,
            threads: int | None = 1, progress: bool = True, title: str | None = None,
            meta: Mapping[str, Any] | None = None) -> "Comparison":
    """Run every schedule with every seed through ``train_fn`` and summarize over seeds.

    - ``train_fn(schedule, seed, report)`` trains one model with ``schedule``
      (a :class:`lrkit.Schedule`) and calls ``report(epoch, metrics)`` after
      each epoch (``epoch`` from 1, ``metrics`` a dict of numbers), or returns
      the list of per-epoch dicts. An entry with a base LR (``"cosine; lr=0.1"``)
      is passed as ``train_fn(..., lr=0.1)``. With ``workers > 1`` it must be a
      module-level function (it is sent to worker processes).
    - ``schedules``: spec texts or :class:`lrkit.Schedule` values; ``auto`` in
      a spec (``constant; lr=auto``) is the LR finder's suggestion, ``auto.min``
      and ``auto.max`` (``onecycle(max_lr=auto.max)``) the ends of its suggested
      range, each optionally ``*K`` or ``/K``. ``auto_lr`` gives them: a number
      (the suggestion; enough for plain ``auto``), a mapping ``{"lr": …,
      "min_lr": …, "max_lr": …}``, a finder result (``lrkit.find_lr``'s), or a
      function returning one of these, called at most once. The values are
      stored with the study, so a resumed comparison uses the same numbers.
    - ``seeds``: how many (0, 1, …) or a list of seeds.
    - ``metric``/``mode``: what ranks schedules (``mode`` defaults by name, see
      :func:`~lrkit.experiments.contract.default_mode`). ``target``: the level for "epochs to reach".
    - ``storage``: an Optuna storage URL or SQLite file path; by default
      ``OUT/runs.db`` (or a temporary file without ``out``). ``study_name``
      defaults to ``"lrkit-compare"``. The same call again resumes.
    - ``workers``: processes taking runs (each with ``threads`` torch threads).
    - ``out``: write ``report.md``, ``report.html``, PNG figures and ``results.json``.
    - ``epochs``, ``steps_per_epoch``, ``base_lr``: the run's shape, used for the
      LR figure and progress bars (optional). ``title``, ``meta``: for the report.

    A stored study is resumed only by the same kind of call: its metric, mode
    and ``train_fn`` (module and name) must match, else an error asks for
    another ``study_name``.

    Returns a :class:`Comparison`.
    """
    mode = check_train_fn("compare", train_fn, metric, mode)
    whole_number("compare", "workers", workers, 1)
    if epochs is not None:
        whole_number("compare", "epochs", epochs, 1)
    seed_list = parse_seeds("compare", seeds)
    originals = list(schedules) if not isinstance(schedules, str) and isinstance(schedules, Iterable) else [schedules]
    entries = _entries(originals)
    checked = [_check_spec(e, o) for e, o in zip(entries, originals)]
    if any(e.lr is not None for e in entries) and not accepts_lr(train_fn):
        raise LRKitError("compare: an entry sets a base LR ('; lr=…') but train_fn takes no 'lr' keyword")
    if workers > 1:
        check_picklable("compare", train_fn, train_fn)

    out_dir = Path(out) if out is not None else None
    if out_dir is not None:
        check_writable(out_dir)
    storage, tmp = storage_for("compare", storage, out_dir)
    study_name = study_name or "lrkit-compare"
    # what must match for a rerun to resume this study (not the report's extras)
    study_meta = {"kind": "compare", "metric": metric, "mode": mode, "train_fn": fn_name(train_fn)}
    try:
        study = open_study(storage, study_name, mode, study_meta, this="comparison",
                           fresh="pass another study name (or a new --out) to start fresh")
        auto = _resolve_auto(study, auto_lr, entries) if any(e.needs_auto for e in entries) else None
        runs = _runs(entries, checked, seed_list, auto)
        execute(_Runs(storage, study_name, runs, train_fn, metric, mode, threads), study, workers, progress, epochs)
        result = Comparison.from_study(study, runs, metric=metric, mode=mode, epochs=epochs,
                                       steps_per_epoch=steps_per_epoch, base_lr=base_lr, target=target,
                                       title=title, storage=redact(storage), study_name=study_name,
                                       auto_lr=_used(auto, entries, "lr"), auto_range=_used_range(auto, entries),
                                       meta=dict(meta or {}))
    finally:
        if tmp is not None:
            tmp.cleanup()
    if out_dir is not None:
        from .report import write_report

        write_report(result, out_dir)
    return result


def _runs(entries: Sequence[Entry], checked: Sequence[Any], seeds: Sequence[int], auto: dict | None) -> list[Run]:
    """Every entry with every seed, ``auto`` written in (an entry with ``auto`` parsed again with it)."""
    runs = []
    for e, sched in zip(entries, checked):
        spec, lr = e.resolve(auto)
        if e.needs_auto:
            from ..spec.parser import parse

            sched = parse(spec)
        runs += [Run(e.label, spec, s, lr, sched) for s in seeds]
    return runs


def _used(auto: dict | None, entries: Sequence[Entry], key: str) -> float | None:
    """The finder value ``key`` if an entry uses it (for the report), else None."""
    return auto.get(key) if auto and any(key in e.auto_keys for e in entries) else None


def _used_range(auto: dict | None, entries: Sequence[Entry]) -> tuple | None:
    lo, hi = _used(auto, entries, "min_lr"), _used(auto, entries, "max_lr")
    return None if lo is None and hi is None else (lo, hi)
