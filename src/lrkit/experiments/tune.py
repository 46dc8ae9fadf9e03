"""Search a schedule's hyperparameters with Optuna: ``tune(train_fn, template, params)``.

The template is spec text with placeholders (``warmup(?w) >> onecycle(max_lr=?)``)
and ``params`` their ranges (``w=1ep..5ep``, ``max_lr=1e-3:1:log``): the syntax
and its checks are in :mod:`lrkit.experiments.space`; the result, a
:class:`~lrkit.experiments.tuning.Tuning`, in :mod:`lrkit.experiments.tuning`.
This module runs the trials.

Each trial trains with every seed (in turn) and its value is the **mean over
seeds of the final metric** (the last epoch's, not the best epoch's: a
schedule is judged where it ends). Per-epoch values of the *first* seed are
reported to Optuna (``trial.report(value, epoch)``) and the pruner
(default: median pruner, no decision before epoch 3 or before 5 trials are
done) may stop a trial there; the other seeds run only for trials the pruner
let through, so pruning always compares like with like (seed 0 of each
trial, at the same epoch).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import time
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from ..errors import LRKitError
from ._shared import (POLL_S, RETRY_ATTR, SURPLUS_ATTR, TUNE_ATTR, accepts_lr, best_epoch, check_picklable,
                      check_train_fn, check_writable, claim_lock, claim_lock_path, clean_metrics, fail_trial, fn_name,
                      open_study, parse_seeds, replay_returned, run_pool, set_threads, storage_for)
from .space import Param, Template, resolve, search_space
from .specs import unquoted
from .storage import (WORKER_ATTR, Heartbeat, open_storage, reap_dead, redact, require_optuna, sqlite_url,
                      worker_identity)
from .tuning import Tuning

__all__ = ["tune", "tune_task", "study_name_for_tune"]



# ---- the worker loop ------------------------------------------------------------------------
@dataclass
class _TuneConfig:
    storage: str
    study_name: str
    template: str
    params: dict[str, Param]
    seeds: list[int]
    trials: int
    train_fn: Callable
    metric: str
    mode: str
    sampler: Any
    pruner: Any
    seed: int
    threads: int | None


def _default_sampler(seed: int, number: int):
    """TPE, seeded from (``seed``, trial number): the same search whether run at once or resumed."""
    import numpy as np

    optuna = require_optuna()
    s = int(np.random.SeedSequence([int(seed) & 0xFFFFFFFF, int(number)]).generate_state(1)[0])
    return optuna.samplers.TPESampler(seed=s, constant_liar=True)


def _trials_of(study, states) -> list:
    return [t for t in study.get_trials(deepcopy=False, states=states)
            if not t.system_attrs.get(SURPLUS_ATTR)]


def _requeue_failed(study) -> None:
    """Queue again (same parameters) each failed trial not yet retried: interrupted or killed runs."""
    from optuna.trial import TrialState

    trials = study.get_trials(deepcopy=False)
    retried = {t.user_attrs.get(RETRY_ATTR) for t in trials}  # a finished trial cannot be marked: mark its redo
    for t in trials:
        if t.state != TrialState.FAIL or t.number in retried or t.system_attrs.get(SURPLUS_ATTR) or not t.params:
            continue
        study.enqueue_trial(dict(t.params), user_attrs={RETRY_ATTR: t.number})


def _claim(study, cfg: _TuneConfig, lock_path: str | None):
    """Under the claim lock: the next trial to run, ``"wait"`` (others run the last ones) or None (done)."""
    with claim_lock(lock_path):
        return _claim_unlocked(study, cfg)


def _claim_unlocked(study, cfg: _TuneConfig):
    from optuna.trial import TrialState

    reap_dead(study)
    finished = len(_trials_of(study, (TrialState.COMPLETE, TrialState.PRUNED)))
    if finished >= cfg.trials:
        return None
    running = len(_trials_of(study, (TrialState.RUNNING,)))
    if finished + running >= cfg.trials:
        return "wait"
    _requeue_failed(study)
    with warnings.catch_warnings():  # lrkit sends the heartbeats itself (storage.Heartbeat), not optimize()
        warnings.filterwarnings("ignore", message="Heartbeat of storage", category=UserWarning)
        trial = study.ask()
    study._storage.set_trial_system_attr(trial._trial_id, WORKER_ATTR, worker_identity())
    return trial


def _is_surplus(study, trial, trials: int) -> bool:
    """Whether ``trial`` is beyond the requested total (two processes asked at once; the later one yields)."""
    from optuna.trial import TrialState

    ahead = [t for t in _trials_of(study, (TrialState.COMPLETE, TrialState.PRUNED, TrialState.RUNNING))
             if t.number < trial.number]
    return len(ahead) >= trials


class _Pruned(Exception):
    pass


def _fail(study, trial_id: int, why: str, **attrs: Any) -> None:
    fail_trial(study._storage, trial_id, why, **attrs)


def _worst(mode: str) -> float:
    return -math.inf if mode == "max" else math.inf


def _run_trial(cfg: _TuneConfig, study, trial, emit: Callable) -> None:
    optuna = require_optuna()
    from optuna.trial import TrialState

    storage = study._storage
    tid = trial._trial_id
    tpl = Template.parse(cfg.template)
    with Heartbeat(storage, tid):
        try:
            if _is_surplus(study, trial, cfg.trials):
                _fail(study, tid, "surplus: the requested number of trials is already running or done",
                      **{SURPLUS_ATTR: True})
                return
            if cfg.sampler is None:
                study.sampler = _default_sampler(cfg.seed, trial.number)
            values = {n: cfg.params[n].suggest(trial) for n in tpl.names}
            text = tpl.fill(values)
            try:
                spec, lr, schedule = resolve(text)
            except LRKitError as e:
                raise LRKitError(f"tune: trial {trial.number}: the sampled spec {text!r} is invalid: {e}") from None
            storage.set_trial_user_attr(tid, TUNE_ATTR, True)
            storage.set_trial_user_attr(tid, "values", values)
            storage.set_trial_user_attr(tid, "spec", spec)
            storage.set_trial_user_attr(tid, "lr", lr)
            emit(("start", trial.number, spec))
            set_threads(cfg.threads)
            finals = []
            t0 = time.perf_counter()
            for i, seed in enumerate(cfg.seeds):
                run = _run_seed(cfg, trial, schedule, lr, seed, first=(i == 0), emit=emit)
                storage.set_trial_user_attr(tid, f"seed:{seed}", run)
                finals.append(run["final"].get(cfg.metric, math.nan))
            storage.set_trial_user_attr(tid, "seconds", time.perf_counter() - t0)
            value = sum(finals) / len(finals)
            if not math.isfinite(value):
                value = _worst(cfg.mode)
            study.tell(trial, value)
            emit(("done", trial.number))
        except _Pruned as p:
            storage.set_trial_user_attr(tid, "pruned_at", p.args[0])
            storage.set_trial_user_attr(tid, f"seed:{cfg.seeds[0]}", p.args[1])
            study.tell(trial, state=TrialState.PRUNED)
            emit(("done", trial.number))
        except BaseException as e:
            why = "interrupted" if isinstance(e, (KeyboardInterrupt, SystemExit)) else \
                "".join(traceback.format_exception_only(type(e), e)).strip()
            _fail(study, tid, why)
            if isinstance(e, optuna.exceptions.TrialPruned):  # raised by the user's own code: treat as ours
                raise LRKitError("tune: train_fn raised optuna.TrialPruned itself; lrkit does the pruning "
                                 "(report each epoch with report(epoch, metrics))") from None
            raise


def _run_seed(cfg: _TuneConfig, trial, schedule, lr, seed: int, first: bool, emit: Callable) -> dict:
    """Train one seed; report the first seed's metric per epoch to Optuna and prune on its word."""
    history: dict[int, dict] = {}

    def record() -> dict:
        hist = [history[e] for e in sorted(history)]
        return {"history": hist, "final": dict(hist[-1]) if hist else {},
                "best": best_epoch(hist, cfg.metric, cfg.mode) if hist else {}}

    def report(epoch: int, metrics: Mapping[str, Any]) -> None:
        clean = clean_metrics(epoch, metrics)
        history[epoch] = clean
        emit(("epoch", epoch))
        if first and cfg.metric in clean:
            trial.report(clean[cfg.metric], epoch)
            if trial.should_prune():
                raise _Pruned(epoch, record())

    kwargs = {"lr": lr} if lr is not None else {}
    replay_returned(cfg.train_fn(schedule, seed, report, **kwargs), bool(history), report)
    run = record()
    if not run["history"]:
        raise LRKitError(f"train_fn reported no metrics (seed {seed}): call report(epoch, metrics) after each epoch")
    if cfg.metric not in run["final"]:
        raise LRKitError(f"train_fn did not report the metric {cfg.metric!r} (it reported "
                         f"{sorted(k for k in run['final'] if k != 'epoch')}): pass metric=… to tune()")
    return run


def _load(cfg: _TuneConfig):
    optuna = require_optuna()
    storage = open_storage(cfg.storage)
    return optuna.load_study(study_name=cfg.study_name, storage=storage, sampler=cfg.sampler,
                             pruner=cfg.pruner)


def _work(cfg: _TuneConfig, emit: Callable) -> None:
    """Run trials of the study until it holds ``cfg.trials`` finished (complete or pruned) ones."""
    study = _load(cfg)
    lock_path = claim_lock_path(cfg.storage)
    waiting_said = False
    while True:
        trial = _claim(study, cfg, lock_path)
        if trial is None:
            return
        if isinstance(trial, str):  # the last trials run elsewhere: wait for them (or for their worker to die)
            if not waiting_said:
                emit(("wait",))
                waiting_said = True
            time.sleep(POLL_S)
            continue
        waiting_said = False
        _run_trial(cfg, study, trial, emit)


class _Bar:
    def __init__(self, enabled: bool, total: int, done: int):
        self.bar = None
        if enabled:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=total, initial=min(done, total), desc="trials", unit="trial", dynamic_ncols=True)

    def __call__(self, wid: int, *msg: Any) -> None:
        if self.bar is None:
            return
        if msg[0] == "done":
            self.bar.update(1)
        elif msg[0] == "start":
            self.bar.set_postfix_str(f"#{msg[1]} {msg[2][:50]}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _execute(cfg: _TuneConfig, study, workers: int, progress: bool) -> None:
    from optuna.trial import TrialState

    done = len(_trials_of(study, (TrialState.COMPLETE, TrialState.PRUNED)))
    bar = _Bar(progress, cfg.trials, done)
    try:
        if done < cfg.trials:
            run_pool(_work, cfg, workers, bar, name="lrkit-tune-worker", what="trial")
    finally:
        bar.close()


# ---- the public entry points ------------------------------------------------------------------
def _whole(name: str, v: Any, low: int) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or v < low:
        raise LRKitError(f"tune: {name} must be a whole number >= {low}, got {v!r}")
    return v


def _open_study(cfg: _TuneConfig, meta: Mapping[str, Any]):
    return open_study(cfg.storage, cfg.study_name, cfg.mode, meta, this="search",
                      fresh="pass another study name to start a new search", sampler=cfg.sampler, pruner=cfg.pruner)


def tune(train_fn: Callable, spec_template: str, params: Any, trials: int = 20, seeds: int | Iterable[int] = 1, *,
         metric: str = "val_loss", mode: str | None = None, storage: str | None = None,
         study_name: str | None = None, sampler: Any = None, pruner: Any = None, seed: int = 0,
         prune_warmup: int = 2, workers: int = 1, out: str | os.PathLike | None = None, threads: int | None = 1,
         progress: bool = True, meta: Mapping[str, Any] | None = None) -> "Tuning":
    """Search the placeholders of ``spec_template`` for the best final ``metric`` of ``train_fn``.

    - ``train_fn(schedule, seed, report[, lr=…])``: the same contract as
      :func:`lrkit.compare` (call ``report(epoch, metrics)`` after each epoch,
      or return the per-epoch dicts). ``lr`` is passed when the template ends
      in ``; lr=?`` (or ``; lr=NUMBER``).
    - ``spec_template``: spec text with placeholders (``onecycle(max_lr=?,
      pct_start=?)``, ``warmup(?w) >> cosine``); ``params``: their ranges,
      ``["max_lr=1e-3:1:log", "pct_start=0.1:0.5"]`` or ``{"max_lr":
      "1e-3:1:log"}`` (syntax in :mod:`lrkit.experiments.space`).
    - ``trials``: how many finished trials (complete or pruned) the study
      should hold: the same call again after a crash continues up to that
      total; a larger number extends the search. Interrupted or killed trials
      are run again with the same values.
    - ``seeds``: seeds per trial (a count or a list); a trial's value is the
      mean over them of the final ``metric`` (``mode`` ``"max"``/``"min"``,
      default by name). Pruning watches the first seed only.
    - ``sampler``: an Optuna sampler; default TPE seeded from ``seed`` and the
      trial number (reproducible, also across resumes). ``pruner``: an Optuna
      pruner; default: the median pruner, deciding from
      epoch ``prune_warmup + 1`` on once 5 trials are done
      (``MedianPruner(n_startup_trials=5, n_warmup_steps=prune_warmup + 1)``,
      epochs counted from 1); ``False`` turns pruning off.
    - ``storage``/``study_name``: an Optuna storage URL or SQLite file, as in
      :func:`lrkit.compare` (default ``OUT/runs.db``, or a temporary file);
      study default ``"lrkit-tune"``. Several processes (``workers=``, or
      several calls on one server storage) share the trials.
    - ``out``: write ``results.json`` and ``tune.png`` (value against each parameter).

    Returns a :class:`Tuning`: ``best_spec`` (text :func:`lrkit.parse` reads),
    ``best_lr``, ``best_value``, ``best_values``, ``trials`` and the Optuna
    ``study``.

    >>> def train(schedule, seed, report):             # the best peak is 0.3, the best warmup 3 steps
    ...     curve = schedule.bind(total_steps=10)
    ...     for epoch in range(1, 4):
    ...         report(epoch, {"val_loss": (curve(3, 1.0) - 0.3) ** 2 + epoch * 0.01})
    >>> res = tune(train, "warmup(?w) >> cosine(duration=20, min_lr=0) * ?peak", ["w=1..6", "peak=0.01:1:log"],
    ...            trials=25, progress=False)
    >>> res.counts()["complete"] + res.counts()["pruned"]
    25
    >>> abs(float(res.best_values["peak"]) - 0.3) < 0.1
    True
    """
    optuna = require_optuna()
    mode = check_train_fn("tune", train_fn, metric, mode)
    _whole("trials", trials, 1)
    _whole("workers", workers, 1)
    _whole("prune_warmup", prune_warmup, 0)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise LRKitError(f"tune: seed must be a whole number (the sampler's seed), got {seed!r}")
    seed_list = parse_seeds("tune", seeds)
    tpl, ps = search_space(spec_template, params)
    if re.search(r";\s*lr\s*=", unquoted(tpl.text)) and not accepts_lr(train_fn):
        raise LRKitError("tune: the template sets a base LR ('; lr=…') but train_fn takes no 'lr' keyword")
    if sampler is not None and not isinstance(sampler, optuna.samplers.BaseSampler):
        raise LRKitError(f"tune: sampler must be an Optuna sampler, got {type(sampler).__name__}")
    if pruner is None:
        # steps are epochs from 1; Optuna decides from step n_warmup_steps on
        pruner = optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=prune_warmup + 1)
    elif pruner is False:
        pruner = optuna.pruners.NopPruner()
    elif not isinstance(pruner, optuna.pruners.BasePruner):
        raise LRKitError(f"tune: pruner must be an Optuna pruner or False, got {type(pruner).__name__}")
    if workers > 1:
        check_picklable("tune", train_fn, (train_fn, sampler, pruner))

    out_dir = Path(out) if out is not None else None
    if out_dir is not None:
        check_writable(out_dir)
    storage, tmp = storage_for("tune", storage, out_dir)
    if "://" not in storage:  # a file path: the claim lock is found from the SQLite URL
        storage = sqlite_url(storage)
    study_name = study_name or "lrkit-tune"
    study_meta = {"kind": "tune", "metric": metric, "mode": mode, "train_fn": fn_name(train_fn),
                  "template": tpl.text, "params": [str(ps[n]) for n in tpl.names], "seeds": seed_list}
    cfg = _TuneConfig(storage, study_name, tpl.text, ps, seed_list, trials, train_fn, metric, mode, sampler,
                      pruner, seed, threads)
    try:
        study = _open_study(cfg, study_meta)
        _execute(cfg, study, workers, progress)
        result = Tuning.from_study(study, cfg, storage=redact(storage), meta=dict(meta or {}))
    finally:
        if tmp is not None:
            tmp.cleanup()
    if out_dir is not None:
        result.write(out_dir)
    return result


def study_name_for_tune(task: str, optimizer: str, epochs: int, template: str, params: Sequence[str],
                        seeds: Sequence[int]) -> str:
    """The default study of a task search: task, optimizer, budget and a hash of the search space.

    >>> study_name_for_tune("digits-mlp", "sgd", 10, "onecycle(max_lr=?)", ["max_lr=0.01:1:log"], [0])
    'tune-digits-mlp-sgd-10ep-46fcc939'
    """
    key = json.dumps([template, sorted(params), list(seeds)])
    return f"tune-{task}-{optimizer}-{epochs}ep-{hashlib.sha1(key.encode()).hexdigest()[:8]}"


def tune_task(task: str, spec_template: str, params: Any, trials: int = 20, seeds: Any = 1, *,
              epochs: int | None = None, optimizer: str | None = None, lr: float | None = None,
              storage: str | None = None, study_name: str | None = None, workers: int = 1,
              out: str | os.PathLike | None = None, seed: int = 0, pruner: Any = None,
              prune_warmup: int | None = None, progress: bool = True, command: str | None = None) -> "Tuning":
    """:func:`tune` on the built-in task ``task`` (what ``lrkit tune --task`` runs).

    The metric and mode are the task's; ``lr`` is the base LR (default the
    task's good LR for its optimizer) unless the template searches it (``; lr=?``).
    ``prune_warmup`` defaults to half the epochs: a schedule's worth shows
    late (a high peak or a long warmup looks bad mid-run and ends best), so
    the pruner judges only the second half of a run.
    """
    from .runner import TaskTrainer
    from .tasks import get_task

    t = get_task(task, optimizer)
    epochs = t.epochs if epochs is None else epochs
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise LRKitError(f"tune: epochs must be a whole number >= 1, got {epochs!r}")
    if lr is not None and not (isinstance(lr, (int, float)) and lr > 0):
        raise LRKitError(f"tune: lr must be a number > 0, got {lr!r}")
    tpl, ps = search_space(spec_template, params)
    seed_list = parse_seeds("tune", seeds)
    prune_warmup = epochs // 2 if prune_warmup is None else prune_warmup
    name = study_name or study_name_for_tune(t.name, t.optimizer, epochs, tpl.text,
                                             [str(ps[n]) for n in tpl.names], seed_list)
    meta = {"task": t.name, "optimizer": t.optimizer, "epochs": epochs, "base_lr": t.lr if lr is None else float(lr),
            "steps_per_epoch": t.steps_per_epoch(), "command": command or ""}
    return tune(TaskTrainer(task, epochs, optimizer, lr), tpl.text, ps, trials, seed_list, metric=t.metric,
                mode=t.mode, storage=storage, study_name=name, pruner=pruner, seed=seed, prune_warmup=prune_warmup,
                workers=workers, out=out, progress=progress, meta=meta)
