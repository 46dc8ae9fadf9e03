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
  (:mod:`lrkit.experiments.report`). This module runs the runs.

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
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from ..errors import LRKitError
from ._shared import (KEY_ATTR, POLL_S, accepts_lr, best_epoch, check_picklable, check_train_fn, check_writable,
                      claim_lock, claim_lock_path, clean_metrics, default_mode, fail_trial, fn_name, open_study,
                      parse_seeds, replay_returned, run_pool, set_threads, storage_for)
from .comparison import Comparison
from .specs import Entry, auto_values
from .storage import WORKER_ATTR, Heartbeat, is_alive, open_storage, reap_dead, redact, require_optuna, worker_identity

__all__ = ["compare", "Run", "default_mode"]

AUTO_ATTR = "lrkit:auto_lr"


@dataclass(frozen=True)
class Run:
    """One run of a comparison: an entry (label), its resolved spec, a seed and a base LR."""

    label: str
    spec: str
    seed: int
    lr: float | None = None
    schedule: Any = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> str:
        return f"{self.label} #seed={self.seed}"


@dataclass
class _WorkerConfig:
    storage: str
    study_name: str
    runs: list[Run]
    train_fn: Callable
    metric: str
    mode: str
    threads: int | None


# ---- the worker loop ---------------------------------------------------------------------
def _index(trials, keys) -> dict[str, dict[str, list]]:
    out: dict[str, dict[str, list]] = {k: {"WAITING": [], "RUNNING": [], "COMPLETE": []} for k in keys}
    for t in trials:
        k = t.user_attrs.get(KEY_ATTR)
        if k in out and t.state.name in out[k]:
            out[k][t.state.name].append(t)
    return out


def _enqueue_missing(study, runs: Sequence[Run], index) -> None:
    for r in runs:
        st = index[r.key]
        if not (st["WAITING"] or st["RUNNING"] or st["COMPLETE"]):
            study.enqueue_trial({}, user_attrs={KEY_ATTR: r.key, "label": r.label, "spec": r.spec,
                                                "seed": r.seed, "lr": r.lr})


def _pop(study, keys, lock_path: str | None = None) -> Any:
    """Claim a waiting run of ``keys`` (set it RUNNING and sign it); None when there is none.

    The claim is made under :func:`~._shared.claim_lock` (``lock_path``: a
    SQLite storage's lock file, else None).
    """
    with claim_lock(lock_path):
        return _pop_unlocked(study, keys)


def _pop_unlocked(study, keys) -> Any:
    optuna = require_optuna()
    from optuna.trial import TrialState

    storage = study._storage
    for t in study.get_trials(deepcopy=False, states=(TrialState.WAITING,)):
        if t.user_attrs.get(KEY_ATTR) not in keys:
            continue
        try:
            if storage.set_trial_state_values(t._trial_id, state=TrialState.RUNNING):
                storage.set_trial_system_attr(t._trial_id, WORKER_ATTR, worker_identity())
                return t
        except optuna.exceptions.UpdateFinishedTrialError:
            continue
    return None


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


def _fail(storage, trial_id: int, why: str, duplicate: bool = False) -> None:
    fail_trial(storage, trial_id, why, **({"lrkit:duplicate": True} if duplicate else {}))


class _Superseded(Exception):
    """Raised inside ``report`` when another worker owns this run: stop, without an error."""


def _run_one(cfg: _WorkerConfig, study, trial, run: Run, emit: Callable) -> None:
    from optuna.trial import TrialState

    storage = study._storage
    tid = trial._trial_id
    key = run.key
    spec = trial.user_attrs.get("spec", run.spec)
    lr = trial.user_attrs.get("lr", run.lr)
    if run.schedule is not None and str(run.schedule) == spec:
        schedule = run.schedule
    else:
        from ..spec.parser import parse

        schedule = parse(spec)
    history: dict[int, dict] = {}

    def report(epoch: int, metrics: Mapping[str, Any]) -> None:
        clean = clean_metrics(epoch, metrics)
        if not _is_canonical(study, tid, key):  # a rival claimed this run at the same moment and won
            raise _Superseded()
        history[epoch] = clean
        storage.set_trial_user_attr(tid, f"epoch:{epoch:05d}", clean)
        v = clean.get(cfg.metric)
        if v is not None and math.isfinite(v):
            storage.set_trial_intermediate_value(tid, epoch, v)
        emit(("epoch", epoch))

    with Heartbeat(storage, tid):
        try:
            if not _is_canonical(study, tid, key):
                _fail(storage, tid, "duplicate: another worker runs or ran this run", duplicate=True)
                return
            emit(("start", run.label, run.seed))
            set_threads(cfg.threads)
            t0 = time.perf_counter()
            kwargs = {"lr": lr} if lr is not None else {}
            out = cfg.train_fn(schedule, run.seed, report, **kwargs)
            seconds = time.perf_counter() - t0
            extras = replay_returned(out, bool(history), report)
            final, best = extras.get("final"), extras.get("best")
            hist = [history[e] for e in sorted(history)]
            if not hist:
                raise LRKitError(f"train_fn reported no metrics for {run.key}: call report(epoch, metrics) "
                                 "after each epoch")
            final = clean_metrics(len(hist), final) if final else dict(hist[-1])
            best = clean_metrics(int(best.get("epoch", 1)), best) if best else best_epoch(hist, cfg.metric, cfg.mode)
            if cfg.metric not in final:
                raise LRKitError(f"train_fn did not report the metric {cfg.metric!r} (it reported "
                                 f"{sorted(k for k in final if k != 'epoch')}): pass metric=… to compare()")
            if not _is_canonical(study, tid, key):
                _fail(storage, tid, "duplicate: another worker finished this run first", duplicate=True)
                return
            storage.set_trial_user_attr(tid, "final", final)
            storage.set_trial_user_attr(tid, "best", best)
            storage.set_trial_user_attr(tid, "seconds", seconds)
            v = final[cfg.metric]
            if not math.isfinite(v):
                v = -math.inf if cfg.mode == "max" else math.inf
            storage.set_trial_state_values(tid, state=TrialState.COMPLETE, values=[v])
            emit(("done", run.label, run.seed))
        except _Superseded:
            _fail(storage, tid, "duplicate: another worker claimed this run at the same moment", duplicate=True)
        except BaseException as e:
            why = "interrupted" if isinstance(e, (KeyboardInterrupt, SystemExit)) else \
                "".join(traceback.format_exception_only(type(e), e)).strip()
            _fail(storage, tid, why)
            raise


def _work(cfg: _WorkerConfig, emit: Callable, stop: Callable[[], bool] = lambda: False) -> None:
    """Take runs of ``cfg.runs`` from the study's queue until every one is complete."""
    optuna = require_optuna()
    storage = open_storage(cfg.storage)
    study = optuna.load_study(study_name=cfg.study_name, storage=storage)
    by_key = {r.key: r for r in cfg.runs}
    lock_path = claim_lock_path(cfg.storage)
    waiting_said = False
    while not stop():
        reap_dead(study)
        index = _index(study.get_trials(deepcopy=False), by_key)
        if all(index[k]["COMPLETE"] for k in by_key):
            return
        _enqueue_missing(study, cfg.runs, index)
        trial = _pop(study, by_key, lock_path)
        if trial is None:  # the rest is running elsewhere: wait for it (or for its worker to die)
            if not waiting_said:
                emit(("wait",))
                waiting_said = True
            time.sleep(POLL_S)
            continue
        waiting_said = False
        _run_one(cfg, study, trial, by_key[trial.user_attrs[KEY_ATTR]], emit)


# ---- progress ------------------------------------------------------------------------------
class _Progress:
    """tqdm bars: one for the runs, one per worker for the epochs of its current run."""

    def __init__(self, enabled: bool, total: int, done: int, workers: int, epochs: int | None):
        self.enabled = enabled
        self.epochs = epochs
        if not enabled:
            return
        from tqdm.auto import tqdm

        self.main = tqdm(total=total, initial=done, desc="runs", unit="run", position=0, dynamic_ncols=True)
        self.bars = {w: tqdm(total=epochs, desc=f"worker {w}", unit="ep", position=w + 1, leave=False,
                             dynamic_ncols=True) for w in range(workers)}

    def __call__(self, wid: int, *msg: Any) -> None:
        if not self.enabled:
            return
        kind = msg[0]
        bar = self.bars.get(wid)
        if kind == "start" and bar is not None:
            bar.reset(total=self.epochs)
            bar.set_description(f"w{wid} {msg[1][:40]} seed={msg[2]}")
        elif kind == "epoch" and bar is not None:
            bar.n = msg[1]
            bar.refresh()
        elif kind == "done":
            self.main.update(1)
        elif kind == "wait" and bar is not None:
            bar.set_description(f"w{wid} waiting for runs held by other workers")

    def close(self) -> None:
        if self.enabled:
            for b in self.bars.values():
                b.close()
            self.main.close()


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


def _open_study(storage_url: str, study_name: str, mode: str, meta: Mapping[str, Any]):
    return open_study(storage_url, study_name, mode, meta, this="comparison",
                      fresh="pass another study name (or a new --out) to start fresh")


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
      :func:`default_mode`). ``target``: the level for "epochs to reach".
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
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise LRKitError(f"compare: workers must be a whole number >= 1, got {workers!r}")
    if epochs is not None and (isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1):
        raise LRKitError(f"compare: epochs must be a whole number >= 1, got {epochs!r}")
    seed_list = parse_seeds("compare", seeds)
    originals = list(schedules) if not isinstance(schedules, str) and isinstance(schedules, Iterable) else [schedules]
    entries = _entries(originals)
    checked = [_check_spec(e, o) for e, o in zip(entries, originals)]
    needs_lr_kw = any(e.lr is not None for e in entries)
    if needs_lr_kw and not accepts_lr(train_fn):
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
        study = _open_study(storage, study_name, mode, study_meta)
        auto = _resolve_auto(study, auto_lr, entries) if any(e.needs_auto for e in entries) else None
        runs = []
        for e, o, sched in zip(entries, originals, checked):
            spec, lr = e.resolve(auto)
            if e.needs_auto:
                from ..spec.parser import parse

                sched = parse(spec)
            runs += [Run(e.label, spec, s, lr, sched)
                     for s in seed_list]
        cfg = _WorkerConfig(storage, study_name, runs, train_fn, metric, mode, threads)
        _execute(cfg, study, workers, progress, epochs)
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


def _used(auto: dict | None, entries: Sequence[Entry], key: str) -> float | None:
    """The finder value ``key`` if an entry uses it (for the report), else None."""
    return auto.get(key) if auto and any(key in e.auto_keys for e in entries) else None


def _used_range(auto: dict | None, entries: Sequence[Entry]) -> tuple | None:
    lo, hi = _used(auto, entries, "min_lr"), _used(auto, entries, "max_lr")
    return None if lo is None and hi is None else (lo, hi)


def _execute(cfg: _WorkerConfig, study, workers: int, progress: bool, epochs: int | None) -> None:
    from optuna.trial import TrialState

    keys = {r.key for r in cfg.runs}
    done = sum(1 for t in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
               if t.user_attrs.get(KEY_ATTR) in keys)
    bars = _Progress(progress, len(cfg.runs), done, workers, epochs)
    try:
        if done < len(keys):
            # queue the missing runs once, here, before workers start (they only re-queue failed ones)
            reap_dead(study)
            _enqueue_missing(study, cfg.runs, _index(study.get_trials(deepcopy=False), keys))
            run_pool(_work, cfg, workers, bars, name="lrkit-worker", what="run")
    finally:
        bars.close()
