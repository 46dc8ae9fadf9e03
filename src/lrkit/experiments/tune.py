"""Search a schedule's hyperparameters with Optuna: ``tune(train_fn, template, params)``.

A *template* is spec text with placeholders where values are to be searched,
and each placeholder gets a *range*:

- ``NAME=?`` (a keyword value) is the placeholder ``NAME``;
  ``?NAME`` names one explicitly (for positional values, or a keyword that
  appears twice: ``warmup(?w) >> cosine``); the same ``?NAME`` twice ties
  the two values together.
- ``; lr=?`` after the spec searches the run's base LR (passed to
  ``train_fn(..., lr=…)``, as in :func:`lrkit.compare`).

Ranges (``--param NAME=RANGE`` on the command line):

========================  ===============================================
``LOW:HIGH``              float, uniform (``pct_start=0.1:0.5``)
``LOW:HIGH:log``          float, log-uniform (``max_lr=1e-3:1:log``)
``LOW:HIGH:STEP``         float on a grid (``pct_start=0.1:0.5:0.05``)
``LOW..HIGH``             integer, both ends included (``patience=1..10``)
``LOW..HIGH:log|:STEP``   integer, log-uniform or on a grid
``2ep:8ep``, ``1%..10%``  a duration: the same unit (``ep``, ``%``,
                          ``steps``) on both ends, float or integer range
``A|B|C``                 one of these spec texts (``cos|linear``)
========================  ===============================================

The sampled values are written into the text before the core parser sees it
(as ``auto`` is for comparisons), so every trial records the exact spec it
trained and the best one is ordinary spec text.

>>> t = Template.parse("warmup(?w) >> onecycle(max_lr=?, pct_start=?)")
>>> t.names
('w', 'max_lr', 'pct_start')
>>> t.fill({"w": "3ep", "max_lr": "0.3", "pct_start": "0.25"})
'warmup(3ep) >> onecycle(max_lr=0.3, pct_start=0.25)'
>>> str(Param.parse("max_lr=1e-3:1:log")), str(Param.parse("w=1ep..5ep")), str(Param.parse("m=cos|linear"))
('max_lr=0.001:1:log', 'w=1ep..5ep', 'm=cos|linear')

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from ..errors import LRKitError
from ..schedules.units import fmt_number
from ._shared import (FAILED_ATTR, POLL_S, accepts_lr, best_epoch, check_picklable, check_train_fn, check_writable,
                      claim_lock, claim_lock_path, clean_metrics, fail_trial, fn_name, open_study, parse_seeds,
                      replay_returned, run_pool, set_threads, storage_for)
from .specs import Entry, has_auto, unquoted
from .storage import (WORKER_ATTR, Heartbeat, open_storage, reap_dead, redact, require_optuna, sqlite_url,
                      worker_identity)

__all__ = ["tune", "tune_task", "Tuning", "Template", "Param", "search_space", "study_name_for_tune"]

TUNE_ATTR = "lrkit:tune"
RETRY_ATTR = "lrkit:retry_of"
SURPLUS_ATTR = "lrkit:surplus"

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_PH_RE = re.compile(r"\?(?P<name>[A-Za-z_][A-Za-z0-9_]*)?")
_KW_BEFORE_RE = re.compile(rf"(?P<kw>{_NAME})\s*=\s*$")
_NUM = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_INT = r"[+-]?[0-9]+"
_UNIT = r"(?:ep|%|steps?)"
_FLOAT_RANGE_RE = re.compile(rf"^(?P<lo>{_NUM})\s*(?P<u1>{_UNIT})?\s*:\s*(?P<hi>{_NUM})\s*(?P<u2>{_UNIT})?"
                             rf"(?:\s*:\s*(?P<extra>\S+))?$")
_INT_RANGE_RE = re.compile(rf"^(?P<lo>{_INT})\s*(?P<u1>{_UNIT})?\s*\.\.\s*(?P<hi>{_INT})\s*(?P<u2>{_UNIT})?"
                           rf"(?:\s*:\s*(?P<extra>\S+))?$")
_RANGE_HELP = ("write LOW:HIGH (float), LOW:HIGH:log, LOW:HIGH:STEP, LOW..HIGH (integer, ends included), "
               "LOW..HIGH:log, or A|B|C (choices); durations take a unit on both ends (2ep:8ep, 1%..10%)")


# ---- the search space ---------------------------------------------------------------------
@dataclass(frozen=True)
class Param:
    """The range of one placeholder: ``kind`` ``"float"``, ``"int"`` or ``"choice"``.

    ``low``/``high`` (both included), ``log`` (log-uniform), ``step`` (a grid),
    ``unit`` (``""``, ``"ep"``, ``"%"`` or ``"steps"``, written after the
    value), ``choices`` (spec texts). Build one with :meth:`parse`.

    >>> p = Param.parse("pct_start = 0.1:0.5:0.05")
    >>> p.kind, p.low, p.high, p.step, p.log
    ('float', 0.1, 0.5, 0.05, False)
    >>> p.text(0.25), Param.parse("w=2ep..10ep").text(3)
    ('0.25', '3ep')
    >>> Param.parse("max_lr=0:1:log")
    Traceback (most recent call last):
    ...
    lrkit.errors.LRKitError: tune: --param max_lr=0:1:log: a log range needs LOW > 0, got LOW=0
    """

    name: str
    kind: str
    low: float | int | None = None
    high: float | int | None = None
    log: bool = False
    step: float | int | None = None
    unit: str = ""
    choices: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str, name: str | None = None) -> "Param":
        """Parse ``"NAME=RANGE"`` (or ``RANGE`` alone with ``name=``)."""
        if not isinstance(text, str):
            raise LRKitError(f"tune: a parameter range must be text like 'max_lr=1e-3:1:log', got {text!r}")
        raw = text
        if name is None:
            m = re.match(rf"^\s*({_NAME})\s*=(.*)$", text, re.S)
            if not m:
                raise LRKitError(f"tune: --param {text!r}: write NAME=RANGE, e.g. max_lr=1e-3:1:log")
            name, text = m.group(1), m.group(2)
        where = f"tune: --param {name}={text.strip()}"
        body = text.strip()
        if not body:
            raise LRKitError(f"{where}: the range is empty; {_RANGE_HELP}")
        if "|" in body:
            choices = tuple(c.strip() for c in body.split("|"))
            if any(not c for c in choices):
                raise LRKitError(f"{where}: a choice is empty (A|B|C takes non-empty spec texts)")
            if len(set(choices)) != len(choices):
                raise LRKitError(f"{where}: a choice is listed twice")
            if any("?" in c for c in choices):
                raise LRKitError(f"{where}: a choice may not hold a placeholder '?'")
            return cls(name, "choice", choices=choices)
        m = _INT_RANGE_RE.match(body)
        kind = "int"
        if not m:
            m = _FLOAT_RANGE_RE.match(body)
            kind = "float"
        if not m:
            raise LRKitError(f"{where}: not a range ({raw.strip()!r}); {_RANGE_HELP}")
        u1, u2 = _unit(m.group("u1")), _unit(m.group("u2"))
        if u1 != u2:
            raise LRKitError(f"{where}: both ends need the same unit, got {u1 or 'none'!r} and {u2 or 'none'!r}")
        if kind == "float" and u1 == "steps":
            raise LRKitError(f"{where}: steps are whole numbers: write an integer range LOW..HIGH")
        conv = int if kind == "int" else float
        low, high = conv(m.group("lo")), conv(m.group("hi"))
        for v in (low, high):
            if not math.isfinite(v):
                raise LRKitError(f"{where}: the ends must be finite numbers")
        if not low < high:
            raise LRKitError(f"{where}: LOW must be < HIGH, got {fmt_number(low)} >= {fmt_number(high)}")
        if u1 and low <= 0:
            raise LRKitError(f"{where}: a duration must be > 0, got LOW={fmt_number(low)}{u1}")
        log, step = False, None
        extra = m.group("extra")
        if extra is not None:
            if extra == "log":
                log = True
                if low <= 0:
                    raise LRKitError(f"{where}: a log range needs LOW > 0, got LOW={fmt_number(low)}")
            elif re.fullmatch(_INT if kind == "int" else _NUM, extra):
                step = conv(extra)
                if not step > 0:
                    raise LRKitError(f"{where}: STEP must be > 0, got {extra}")
                if step > high - low:
                    raise LRKitError(f"{where}: STEP {extra} is larger than the range {fmt_number(high - low)}")
            else:
                raise LRKitError(f"{where}: after LOW:HIGH comes ':log' or ':STEP' (a number), got {extra!r}")
        return cls(name, kind, low, high, log, step, u1)

    def __str__(self) -> str:
        if self.kind == "choice":
            return f"{self.name}=" + "|".join(self.choices)
        sep = ".." if self.kind == "int" else ":"
        extra = ":log" if self.log else f":{fmt_number(self.step)}" if self.step is not None else ""
        return f"{self.name}={fmt_number(self.low)}{self.unit}{sep}{fmt_number(self.high)}{self.unit}{extra}"

    def text(self, value: Any) -> str:
        """The spec text of a sampled ``value`` (floats to 6 significant digits, then the unit)."""
        if self.kind == "choice":
            return str(value)
        if self.kind == "int":
            return f"{int(value)}{self.unit}"
        return fmt_number(float(f"{float(value):.6g}")) + self.unit

    def suggest(self, trial) -> str:
        """Sample a value with Optuna's ``trial.suggest_*``; return its spec text."""
        if self.kind == "choice":
            return self.text(trial.suggest_categorical(self.name, list(self.choices)))
        if self.kind == "int":
            return self.text(trial.suggest_int(self.name, self.low, self.high, step=self.step or 1, log=self.log))
        return self.text(trial.suggest_float(self.name, self.low, self.high, step=self.step, log=self.log))

    def corners(self) -> list[tuple[str, str]]:
        """(spec text, what it is) of the values every search must accept: both ends, or each choice."""
        if self.kind == "choice":
            return [(c, f"the choice {c!r}") for c in self.choices]
        hi = self.high
        if self.step is not None:  # the grid's last point
            hi = self.low + math.floor((self.high - self.low) / self.step + 1e-9) * self.step
        return [(self.text(self.low), "the low end of its range"), (self.text(hi), "the high end of its range")]


def _unit(u: str | None) -> str:
    return "" if not u else "steps" if u.startswith("step") else u


@dataclass(frozen=True)
class Template:
    """Spec text with placeholders (``max_lr=?``, ``?NAME``); :meth:`fill` writes values in.

    ``names``: the placeholders in order of first appearance.
    """

    text: str
    spans: tuple[tuple[int, int, str], ...] = field(repr=False)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for _, _, n in self.spans))

    @classmethod
    def parse(cls, text: Any) -> "Template":
        """Find the placeholders of ``text``; errors name the column."""
        if not isinstance(text, str) or not text.strip():
            raise LRKitError(f"tune: the schedule template must be spec text with placeholders, got {text!r}")
        text = text.strip()
        if has_auto(text):
            raise LRKitError(f"tune: {text!r}: 'auto' is for lrkit compare; in a search give the value a "
                             "placeholder and a range (max_lr=? with --param max_lr=1e-3:1:log)")
        blank = unquoted(text)
        spans: list[tuple[int, int, str]] = []
        anonymous: dict[str, int] = {}
        for m in _PH_RE.finditer(blank):
            end = m.end()
            if end < len(blank) and re.match(r"[A-Za-z0-9_.]", blank[end]):
                raise LRKitError(f"tune: bad placeholder at column {m.start() + 1} of {text!r}: "
                                 "write ? after a keyword (max_lr=?) or ?NAME (a letter, then letters, digits, _)")
            name = m.group("name")
            if name is None:
                kw = _KW_BEFORE_RE.search(blank[:m.start()])
                if kw is None:
                    raise LRKitError(f"tune: the placeholder at column {m.start() + 1} of {text!r} has no keyword: "
                                     "write NAME=? or name it ?NAME")
                name = kw.group("kw")
                anonymous[name] = anonymous.get(name, 0) + 1
                if anonymous[name] > 1:
                    raise LRKitError(f"tune: {name}=? appears twice in {text!r}: name each ?NAME "
                                     "(or write the same ?NAME twice to tie the values)")
            spans.append((m.start(), end, name))
        if not spans:
            raise LRKitError(f"tune: {text!r} has no placeholder: mark each value to search with "
                             "NAME=? or ?NAME (onecycle(max_lr=?)) and give its range with --param")
        return cls(text, tuple(spans))

    def fill(self, values: Mapping[str, str]) -> str:
        """The text with each placeholder replaced by ``values[name]`` (spec text)."""
        missing = [n for n in self.names if n not in values]
        if missing:
            raise LRKitError(f"tune: no value for placeholder {missing[0]!r}")
        out, last = [], 0
        for start, end, name in self.spans:
            out.append(self.text[last:start])
            out.append(str(values[name]))
            last = end
        out.append(self.text[last:])
        return "".join(out)


def _params(params: Any) -> dict[str, Param]:
    """``{name: Param}`` from ``["NAME=RANGE", …]``, ``{name: "RANGE" | Param}`` or Params."""
    if isinstance(params, (str, Param)):
        params = [params]
    items: list[Param] = []
    if isinstance(params, Mapping):
        for k, v in params.items():
            if isinstance(v, Param):
                if v.name != k:
                    raise LRKitError(f"tune: params[{k!r}] is a Param named {v.name!r}")
                items.append(v)
            else:
                items.append(Param.parse(v, name=str(k)) if isinstance(v, str) else Param.parse(v))
    elif isinstance(params, Iterable):
        for v in params:
            items.append(v if isinstance(v, Param) else Param.parse(v))
    else:
        raise LRKitError(f"tune: params must be 'NAME=RANGE' texts or a dict of ranges, got {params!r}")
    out: dict[str, Param] = {}
    for p in items:
        if p.name in out:
            raise LRKitError(f"tune: --param {p.name} is given twice")
        out[p.name] = p
    return out


def _resolve(text: str) -> tuple[str, float | None, Any]:
    """(spec, base LR or None, parsed schedule) of filled-in template text."""
    from ..spec.parser import parse

    entry = Entry.parse(text)
    if entry.needs_auto:  # pragma: no cover - Template.parse refuses auto
        raise LRKitError(f"tune: {text!r}: 'auto' is not supported in a search")
    spec, lr = entry.resolve(None)
    return spec, lr, parse(spec)


def search_space(template: Any, params: Any) -> tuple[Template, dict[str, Param]]:
    """Check a template against its ranges; return them parsed.

    Every placeholder needs a range and every range a placeholder; the spec
    must parse with each parameter at both ends of its range (or with each
    choice), the others at their low end, so a search never starts on a
    space that cannot run.

    >>> t, p = search_space("onecycle(max_lr=?, pct_start=?)", ["max_lr=1e-3:1:log", "pct_start=0.1:0.5"])
    >>> t.names, list(p)
    (('max_lr', 'pct_start'), ['max_lr', 'pct_start'])
    >>> search_space("onecycle(max_lr=?)", ["max_lr=0.01:1", "warm=1..5"])
    Traceback (most recent call last):
    ...
    lrkit.errors.LRKitError: tune: --param warm matches no placeholder in 'onecycle(max_lr=?)' (its placeholders: max_lr)
    """
    tpl = Template.parse(template)
    ps = _params(params)
    for n in tpl.names:
        if n not in ps:
            raise LRKitError(f"tune: placeholder {n!r} in {tpl.text!r} has no range: add --param {n}=LOW:HIGH "
                             "(or LOW..HIGH, LOW:HIGH:log, A|B|C)")
    for n in ps:
        if n not in tpl.names:
            raise LRKitError(f"tune: --param {n} matches no placeholder in {tpl.text!r} "
                             f"(its placeholders: {', '.join(tpl.names)})")
    base = {n: ps[n].corners()[0][0] for n in tpl.names}
    for n in tpl.names:
        for value, what in ps[n].corners():
            text = tpl.fill({**base, n: value})
            try:
                _resolve(text)
            except LRKitError as e:
                why = str(e).splitlines()[0]  # a SpecError's caret lines point into the filled-in text: drop them
                raise LRKitError(f"tune: with {n}={value} ({what}) the spec {text!r} is invalid: {why}") from None
    return tpl, ps


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
                spec, lr, schedule = _resolve(text)
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
      "1e-3:1:log"}`` (syntax in the module docstring).
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


# ---- the result ---------------------------------------------------------------------------------
class Tuning:
    """The trials of a search and its best one.

    ``trials``: one dict per trial (``number``, ``state`` ``"complete"``/
    ``"pruned"``/``"failed"``/``"running"``, ``values`` the placeholder texts,
    ``spec``, ``lr``, ``value`` (mean final metric over seeds; for a pruned
    trial the first seed's metric at ``pruned_at``), ``seeds`` per-seed final
    metric, ``seconds``). ``best``: the complete trial with the best value
    (the earliest on a tie); ``best_spec``, ``best_lr``, ``best_value``,
    ``best_values``: its parts. ``study``: the Optuna study.
    """

    def __init__(self, trials: list[dict], *, metric: str, mode: str, template: str, params: list[str],
                 seeds: list[int], requested: int, storage: str | None = None, study_name: str | None = None,
                 study: Any = None, meta: dict | None = None):
        self.trials, self.metric, self.mode = trials, metric, mode
        self.template, self.params, self.seeds, self.requested = template, params, seeds, requested
        self.storage, self.study_name, self.study, self.meta = storage, study_name, study, meta or {}
        sign = 1.0 if mode == "max" else -1.0
        done = [t for t in trials if t["state"] == "complete"]
        self.best = max(done, key=lambda t: (sign * t["value"], -t["number"])) if done else None

    @classmethod
    def from_study(cls, study, cfg: _TuneConfig, **kw: Any) -> "Tuning":
        rows = []
        for t in study.get_trials(deepcopy=False):
            sa, ua = t.system_attrs, t.user_attrs
            if sa.get(SURPLUS_ATTR) or t.state.name == "WAITING":
                continue
            state = {"COMPLETE": "complete", "PRUNED": "pruned", "FAIL": "failed", "RUNNING": "running"}[t.state.name]
            seeds = {int(k.split(":", 1)[1]): v for k, v in ua.items() if k.startswith("seed:")}
            value = t.value
            if state == "pruned":
                iv = t.intermediate_values
                value = iv[max(iv)] if iv else None
            rows.append({"number": t.number, "state": state, "values": ua.get("values", {}),
                         "params": dict(t.params), "spec": ua.get("spec"), "lr": ua.get("lr"),
                         "value": value, "pruned_at": ua.get("pruned_at"),
                         "seeds": {s: r["final"].get(cfg.metric) for s, r in sorted(seeds.items())},
                         "history": {s: r["history"] for s, r in sorted(seeds.items())},
                         "seconds": ua.get("seconds"), "failed": sa.get(FAILED_ATTR),
                         "retry_of": ua.get(RETRY_ATTR)})
        tpl = Template.parse(cfg.template)
        return cls(rows, metric=cfg.metric, mode=cfg.mode, template=cfg.template,
                   params=[str(cfg.params[n]) for n in tpl.names], seeds=list(cfg.seeds), requested=cfg.trials,
                   study_name=cfg.study_name, study=study, **kw)

    # ---- the best trial ----
    def _need_best(self) -> dict:
        if self.best is None:
            raise LRKitError(f"tune: no complete trial in study {self.study_name!r} (every trial was pruned or "
                             "failed): widen the ranges, or pass pruner=False / --no-prune")
        return self.best

    @property
    def best_spec(self) -> str:
        """The best trial's schedule spec (text that :func:`lrkit.parse` reads)."""
        return self._need_best()["spec"]

    @property
    def best_lr(self) -> float | None:
        """The best trial's base LR when the template sets one (``; lr=…``), else None."""
        return self._need_best()["lr"]

    @property
    def best_value(self) -> float:
        """The best trial's value: the mean over seeds of the final metric."""
        return self._need_best()["value"]

    @property
    def best_values(self) -> dict[str, str]:
        """The best trial's placeholder values, as the spec text that was written in."""
        return dict(self._need_best()["values"])

    @property
    def best_entry(self) -> str:
        """The best trial as a :func:`lrkit.compare` entry (``SPEC`` or ``SPEC; lr=VALUE``)."""
        b = self._need_best()
        return b["spec"] + (f"; lr={fmt_number(b['lr'])}" if b["lr"] is not None else "")

    def counts(self) -> dict[str, int]:
        """How many trials are complete, pruned, failed (and redone), running."""
        out = {"complete": 0, "pruned": 0, "failed": 0, "running": 0}
        for t in self.trials:
            out[t["state"]] += 1
        return out

    def ranked(self) -> list[dict]:
        """Complete trials best first, then pruned ones (latest epoch first, then by value)."""
        sign = 1.0 if self.mode == "max" else -1.0
        key = lambda t: (-(t["pruned_at"] or 0), -sign * t["value"] if t["value"] is not None and  # noqa: E731
                         math.isfinite(t["value"]) else math.inf, t["number"])
        done = sorted((t for t in self.trials if t["state"] == "complete"),
                      key=lambda t: (-sign * t["value"] if math.isfinite(t["value"]) else math.inf, t["number"]))
        return done + sorted((t for t in self.trials if t["state"] == "pruned"), key=key)

    def table(self, top: int = 10) -> str:
        """The ``top`` best trials as a Markdown table (pruned ones after the complete ones)."""
        m = self.metric
        names = list(Template.parse(self.template).names)
        head = f"| rank | trial | {' | '.join(names)} | {m} | state |"
        lines = [head, "|" + "---|" * (len(names) + 4)]
        for i, t in enumerate(self.ranked()[:top], 1):
            vals = " | ".join(str(t["values"].get(n, "–")) for n in names)
            if t["state"] == "complete":
                v = _g(t["value"]) + (f" (seeds: {', '.join(_g(x) for x in t['seeds'].values())})"
                                      if len(t["seeds"]) > 1 else "")
                state = "complete"
            else:
                v, state = _g(t["value"]), f"pruned at epoch {t['pruned_at']}"
            lines.append(f"| {i} | {t['number']} | {vals} | {v} | {state} |")
        return "\n".join(lines)

    def summary(self) -> str:
        """Counts and the best spec, in two lines."""
        c = self.counts()
        line = (f"{c['complete'] + c['pruned']} of {self.requested} trials finished: {c['complete']} complete, "
                f"{c['pruned']} pruned" + (f", {c['failed']} failed (redone)" if c["failed"] else "")
                + (f", {c['running']} running" if c["running"] else ""))
        if self.best is None:
            return line + "\nno complete trial: nothing to recommend"
        seeds = f"mean final {self.metric} over {len(self.seeds)} seeds" if len(self.seeds) > 1 \
            else f"final {self.metric}"
        return line + f"\nbest: {self.best_entry}   ({seeds}: {_g(self.best_value)}, trial {self.best['number']})"

    def to_json(self) -> dict:
        """Everything as plain data (what ``results.json`` holds)."""
        best = None
        if self.best is not None:
            best = {"spec": self.best_spec, "lr": self.best_lr, "entry": self.best_entry, "value": self.best_value,
                    "values": self.best_values, "trial": self.best["number"]}
        return {"kind": "tune", "metric": self.metric, "mode": self.mode, "template": self.template,
                "params": self.params, "seeds": self.seeds, "trials_requested": self.requested,
                "storage": self.storage, "study_name": self.study_name, "meta": self.meta, "counts": self.counts(),
                "best": best, "trials": self.trials}

    def write(self, out: str | os.PathLike) -> list[Path]:
        """Write ``results.json`` and ``tune.png`` (value against each parameter) into ``out``."""
        out = Path(out)
        check_writable(out)
        files = [out / "results.json"]
        files[0].write_text(json.dumps(self.to_json(), indent=2, default=str) + "\n")
        png = self.plot(out / "tune.png")
        if png is not None:
            files.append(png)
        return files

    def plot(self, path: str | os.PathLike) -> Path | None:
        """Value against each parameter (complete trials as dots, pruned as crosses, the best circled)."""
        try:
            from matplotlib.figure import Figure
        except ImportError:  # pragma: no cover - matplotlib is in the experiments extra
            return None
        names = list(Template.parse(self.template).names)
        ps = {p.name: p for p in (Param.parse(s) for s in self.params)}
        fig = Figure(figsize=(3.6 * len(names), 3.4), dpi=110)
        axes = fig.subplots(1, len(names), squeeze=False)[0]
        for ax, n in zip(axes, names):
            p = ps[n]
            for state, marker, color in (("complete", "o", "tab:blue"), ("pruned", "x", "0.6")):
                pts = [(t["params"].get(n), t["value"]) for t in self.trials
                       if t["state"] == state and t["value"] is not None and math.isfinite(t["value"])
                       and n in t["params"]]
                if pts:
                    xs = [x if p.kind != "choice" else p.choices.index(x) for x, _ in pts]
                    ax.scatter(xs, [y for _, y in pts], marker=marker, color=color, s=22, label=state, zorder=3)
            if self.best is not None and n in self.best["params"]:
                bx = self.best["params"][n]
                ax.scatter([bx if p.kind != "choice" else p.choices.index(bx)], [self.best["value"]], s=120,
                           facecolors="none", edgecolors="tab:red", lw=1.5, label="best", zorder=4)
            if p.log:
                ax.set_xscale("log")
            if p.kind == "choice":
                ax.set_xticks(range(len(p.choices)), [c[:14] for c in p.choices], fontsize=7)
            ax.set_xlabel(n + (f" ({p.unit})" if p.unit else ""))
            ax.grid(alpha=0.3)
        axes[0].set_ylabel(self.metric)
        axes[0].legend(fontsize=7)
        fig.suptitle(f"{self.template}: {self.metric} per trial (pruned: at the epoch they stopped)", fontsize=9)
        fig.tight_layout()
        fig.savefig(path)
        return Path(path)

    def __repr__(self) -> str:
        c = self.counts()
        best = f", best {self.best_entry!r} {self.metric}={_g(self.best_value)}" if self.best else ""
        return f"Tuning({c['complete']} complete, {c['pruned']} pruned{best})"


def _g(x: Any) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    return f"{x:.4g}"
