"""Search a schedule's hyperparameters with Optuna: ``tune(train_fn, template, params)``.

The template is spec text with placeholders (``warmup(?w) >> onecycle(max_lr=?)``)
and ``params`` their ranges (``w=1ep..5ep``, ``max_lr=1e-3:1:log``): the syntax
and its checks are in :mod:`lrkit.experiments.space`; the result, a
:class:`~lrkit.experiments.tuning.Tuning`, in :mod:`lrkit.experiments.tuning`.
This module is the code of :func:`lrkit.tune` (also :func:`lrkit.experiments.tune`):
its arguments and what a tuning trial is (:class:`_Search`) for the worker
engine (:mod:`lrkit.experiments.engine`), which claims, runs and resumes the
trials; :func:`~lrkit.experiments.runner.tune_task` runs it on a built-in task.

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

import math
import os
import re
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from ..errors import LRKitError
from .contract import (accepts_lr, best_epoch, check_picklable, check_reported, check_train_fn, check_writable,
                       fn_name, parse_seeds, storage_for, train_once, whole_number)
from .engine import WAIT, Superseded, TrialKind, execute, open_study
from .space import Param, Template, resolve, search_space
from .specs import unquoted
from .storage import WORKER_ATTR, reap_dead, redact, require_optuna, sqlite_url, worker_identity
from .trials import RETRY_ATTR, SURPLUS_ATTR, TUNE_ATTR
from .tuning import Tuning
from ..schedules.validate import check_int

__all__ = ["tune"]


# ---- what a tuning trial is ----------------------------------------------------------------
@dataclass
class _Search(TrialKind):
    """The trials of a search: sampled placeholder values, each trained with every seed."""

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
    unit = "trial"
    process_name = "lrkit-tune-worker"

    def study_options(self) -> dict[str, Any]:
        return {"sampler": self.sampler, "pruner": self.pruner}

    def total(self) -> int:
        return self.trials

    def finished(self, study) -> int:
        from optuna.trial import TrialState

        return len(_trials_of(study, (TrialState.COMPLETE, TrialState.PRUNED)))

    def claim(self, study) -> Any:
        """A new trial (or a failed one asked again), :data:`WAIT` while the last ones run elsewhere, None when done."""
        from optuna.trial import TrialState

        reap_dead(study)
        finished = self.finished(study)
        if finished >= self.trials:
            return None
        if finished + len(_trials_of(study, (TrialState.RUNNING,))) >= self.trials:
            return WAIT
        _requeue_failed(study)
        with warnings.catch_warnings():  # lrkit sends the heartbeats itself (storage.Heartbeat), not optimize()
            warnings.filterwarnings("ignore", message="Heartbeat of storage", category=UserWarning)
            trial = study.ask()
        study._storage.set_trial_system_attr(trial._trial_id, WORKER_ATTR, worker_identity())
        return trial

    def run(self, study, trial, emit: Callable[[tuple], None]) -> None:
        from optuna.trial import TrialState

        storage, tid = study._storage, trial._trial_id
        if _is_surplus(study, trial, self.trials):
            raise Superseded("surplus: the requested number of trials is already running or done",
                             **{SURPLUS_ATTR: True})
        spec, lr, schedule = self._sample(study, trial)
        emit(("start", f"#{trial.number} {spec[:50]}"))
        finals = []
        t0 = time.perf_counter()
        try:
            for i, seed in enumerate(self.seeds):
                run = self._run_seed(trial, schedule, lr, seed, first=(i == 0), emit=emit)
                storage.set_trial_user_attr(tid, f"seed:{seed}", run)
                finals.append(run["final"].get(self.metric, math.nan))
        except _Pruned as p:
            storage.set_trial_user_attr(tid, "pruned_at", p.args[0])
            storage.set_trial_user_attr(tid, f"seed:{self.seeds[0]}", p.args[1])
            study.tell(trial, state=TrialState.PRUNED)
            return
        storage.set_trial_user_attr(tid, "seconds", time.perf_counter() - t0)
        value = sum(finals) / len(finals)
        study.tell(trial, value if math.isfinite(value) else -math.inf if self.mode == "max" else math.inf)

    def _sample(self, study, trial) -> tuple[str, float | None, Any]:
        """The trial's values written into the template: its spec, base LR and schedule (stored with the trial)."""
        if self.sampler is None:
            study.sampler = _default_sampler(self.seed, trial.number)
        tpl = Template.parse(self.template)
        values = {n: self.params[n].suggest(trial) for n in tpl.names}
        text = tpl.fill(values)
        try:
            spec, lr, schedule = resolve(text)
        except LRKitError as e:
            raise LRKitError(f"tune: trial {trial.number}: the sampled spec {text!r} is invalid: {e}") from None
        for k, v in ((TUNE_ATTR, True), ("values", values), ("spec", spec), ("lr", lr)):
            study._storage.set_trial_user_attr(trial._trial_id, k, v)
        return spec, lr, schedule

    def _run_seed(self, trial, schedule, lr, seed: int, first: bool, emit: Callable) -> dict:
        """Train one seed; report the first seed's metric per epoch to Optuna and prune on its word."""

        def on_epoch(epoch: int, clean: dict, history: dict) -> None:
            emit(("epoch", epoch))
            if first and self.metric in clean:
                trial.report(clean[self.metric], epoch)
                if trial.should_prune():
                    raise _Pruned(epoch, self._record([history[e] for e in sorted(history)]))

        run = self._record(train_once(self.train_fn, schedule, seed, lr, on_epoch, which=f"(seed {seed})").history)
        check_reported(run["final"], self.metric, "tune")
        return run

    def _record(self, hist: list[dict]) -> dict:
        return {"history": hist, "final": dict(hist[-1]) if hist else {},
                "best": best_epoch(hist, self.metric, self.mode) if hist else {}}

    def replace_error(self, error: BaseException) -> BaseException | None:
        optuna = require_optuna()
        if isinstance(error, optuna.exceptions.TrialPruned):  # raised by the user's own code: lrkit prunes
            return LRKitError("tune: train_fn raised optuna.TrialPruned itself; lrkit does the pruning "
                              "(report each epoch with report(epoch, metrics))")
        return None


class _Pruned(Exception):
    pass


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


def _is_surplus(study, trial, trials: int) -> bool:
    """Whether ``trial`` is beyond the requested total (two processes asked at once; the later one yields)."""
    from optuna.trial import TrialState

    ahead = [t for t in _trials_of(study, (TrialState.COMPLETE, TrialState.PRUNED, TrialState.RUNNING))
             if t.number < trial.number]
    return len(ahead) >= trials


# ---- the public entry point -----------------------------------------------------------------
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
    whole_number("tune", "trials", trials, 1)
    whole_number("tune", "workers", workers, 1)
    whole_number("tune", "prune_warmup", prune_warmup, 0)
    check_int("tune", "seed", seed, note="the sampler's seed")
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
    search = _Search(storage, study_name, tpl.text, ps, seed_list, trials, train_fn, metric, mode, sampler, pruner,
                     seed, threads)
    try:
        study = open_study(storage, study_name, mode, study_meta, this="search",
                           fresh="pass another study name to start a new search", **search.study_options())
        execute(search, study, workers, progress)
        result = Tuning.from_study(study, metric=metric, mode=mode, template=tpl.text,
                                   params=[str(ps[n]) for n in tpl.names], seeds=seed_list, requested=trials,
                                   study_name=study_name, storage=redact(storage), meta=dict(meta or {}))
    finally:
        if tmp is not None:
            tmp.cleanup()
    if out_dir is not None:
        result.write(out_dir)
    return result
