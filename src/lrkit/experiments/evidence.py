"""Measure the field's rules of thumb (:mod:`~lrkit.experiments.evidence_claims`) with :func:`lrkit.compare`.

For each :class:`~lrkit.experiments.evidence_claims.Setting` of a claim:

1. **LR per arm.** Every schedule of the claim without its own LR runs at each LR of
   the setting's grid with the selection seeds (100, 101, …); its LR is the one
   with the best mean final *validation* metric. A group of several schedules
   ("the best of cosine, step decay, one-cycle") is then represented by the member
   with the best validation metric at its own LR. A schedule never loses only
   because it ran at another one's best LR.
2. **Effect.** The two chosen arms run with seeds 0…n-1 (n ≥ 5); the effect is the
   difference of their mean final *test* metric (test accuracy in points, or test
   loss in nats, signed so that positive favours the claim), with a 95% Welch
   interval (unequal variances, Welch–Satterthwaite degrees of freedom).
3. **Verdict.** :func:`status` reads the interval against the claim's margin;
   :func:`verdict` combines the settings.

Every run is an Optuna trial in one study per setting (:attr:`Setting.study`) of
one storage (a SQLite file or ``postgresql://…``): a rerun resumes, several
processes or machines share the queue, and the page is rebuilt from the store.

>>> status("better", 0.0, 0.2, 1.1), status("better", 2.0, 0.2, 1.1), status("better", 0.0, -0.4, 0.9)
('holds', 'fails', 'unclear')
>>> status("noninferior", 1.0, -0.8, 0.3), status("equivalent", 1.0, -1.4, 0.2)
('holds', 'unclear')
>>> [round(x, 3) for x in welch_interval([1.0, 1.2, 1.1], [0.5, 0.7, 0.6])]
[0.5, 0.273, 0.727]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence

from ..errors import LRKitError
from .comparison import Comparison
from .evidence_claims import CLAIMS, Claim, Setting, get_claim
from .specs import Entry
from .storage import open_storage, redact, require_optuna
from .trials import Run

__all__ = ["measure", "status", "verdict", "welch_interval", "select_claims", "delete_studies", "ClaimResult",
           "SettingResult"]


def welch_interval(a: Sequence[float], b: Sequence[float], level: float = 0.95) -> tuple[float, float, float]:
    """``(mean(a) - mean(b), low, high)``: the difference of means with its Welch t-interval (``level``)."""
    import numpy as np
    from scipy import stats

    x, y = np.asarray(a, float), np.asarray(b, float)
    d = float(x.mean() - y.mean())
    if x.size < 2 or y.size < 2:
        return d, float("nan"), float("nan")
    va, vb = x.var(ddof=1) / x.size, y.var(ddof=1) / y.size
    se = math.sqrt(va + vb)
    if se == 0:
        return d, d, d
    df = (va + vb) ** 2 / (va ** 2 / (x.size - 1) + vb ** 2 / (y.size - 1))
    half = float(stats.t.ppf(0.5 + level / 2, df)) * se
    return d, d - half, d + half


def status(kind: str, margin: float, low: float, high: float) -> str:
    """The coded rule: ``"holds"``, ``"fails"`` or ``"unclear"`` for an effect interval ``[low, high]``.

    The effect is signed so that positive favours the claim (in points of accuracy or nats of loss).

    - ``better`` (the claim's arm wins by at least ``margin``): holds if ``low > margin``,
      fails if ``high < margin`` (a smaller effect, or the opposite one, is shown), else unclear.
    - ``noninferior`` (at most ``margin`` worse): holds if ``low > -margin``, fails if ``high < -margin``.
    - ``equivalent`` (within ``margin`` either way): holds if ``-margin < low`` and ``high < margin``,
      fails if the whole interval is beyond ``margin`` on one side.
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        return "unclear"
    if kind == "better":
        return "holds" if low > margin else "fails" if high < margin else "unclear"
    if kind == "noninferior":
        return "holds" if low > -margin else "fails" if high < -margin else "unclear"
    if kind == "equivalent":
        if -margin < low and high < margin:
            return "holds"
        return "fails" if low >= margin or high <= -margin else "unclear"
    raise LRKitError(f"evidence: kind must be one of better, noninferior, equivalent, got {kind!r}")


@dataclass
class SettingResult:
    """One setting of a claim: the LR selection, the final comparison (test metric), the effect and its status."""

    setting: Setting
    claim_label: str
    base_label: str
    grid: dict            # spec -> {lr: mean validation metric over the selection seeds}
    comparison: Comparison  # the two chosen arms at seeds 0..n-1, on the test metric
    effect: float
    low: float
    high: float
    p: float
    unit: str
    status: str
    seconds: float        # summed run time of every run this setting used
    run_seconds: dict = field(default_factory=dict)  # (study, label, seed) -> seconds, for totals over claims

    @property
    def runs(self) -> int:
        return len(self.comparison.runs) + sum(len(v) for v in self.grid.values()) * len(self.setting.select_seeds)


@dataclass
class ClaimResult:
    """A claim's settings measured, and the verdict (:func:`verdict`)."""

    claim: Claim
    settings: list = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return verdict([s.status for s in self.settings])

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.settings)


def verdict(statuses: Sequence[str]) -> str:
    """``"holds"`` in every setting, ``"holds only when"`` in some, else ``"not seen here"``.

    >>> verdict(["holds", "holds"]), verdict(["holds", "unclear"]), verdict(["fails", "unclear"])
    ('holds', 'holds only when', 'not seen here')
    """
    n = sum(s == "holds" for s in statuses)
    return "holds" if n == len(statuses) and n else "holds only when" if n else "not seen here"


# ---- running / reading the comparisons ---------------------------------------------------------------
def _own_lr(spec: str) -> bool:
    """Whether ``spec`` brings its own LR (``; lr=…`` or the finder's ``auto``): no LR grid for it."""
    e = Entry.parse(spec)
    return e.lr is not None or e.needs_auto


def _entry(spec: str, lr: float | None) -> str:
    return spec if lr is None else f"{spec}; lr={lr:g}"


def _compare(setting: Setting, entries: list[str], seeds: Sequence[int], storage: str, *, run: bool,
             workers: int, progress: bool) -> Comparison:
    """The runs of ``entries`` x ``seeds`` in the setting's study: trained where missing (``run``), else read."""
    trainer = setting.trainer()
    task = trainer.task
    if run:
        from ._compare import compare
        from .runner import TaskFinder
        from .tasks.base import require_torch

        require_torch()  # loaded now, so the engine's one thread per run holds from the first run on (the
        # thread count changes a run's float sums, so a --rerun reproduces the stored numbers only at 1 thread)

        finder = None
        if any(Entry.parse(e).needs_auto for e in entries):
            finder = TaskFinder(task.name, trainer.optimizer)
        return compare(trainer, entries, list(seeds), metric=task.metric, mode=task.mode, storage=storage,
                       study_name=setting.study, workers=workers, auto_lr=finder, progress=progress,
                       epochs=trainer.epochs, steps_per_epoch=task.steps_per_epoch())
    key = (storage, setting.study)
    if key not in _READ:
        optuna = require_optuna()
        try:
            study = optuna.load_study(study_name=setting.study, storage=open_storage(storage))
        except KeyError:
            raise LRKitError(f"evidence: no stored runs for {setting.study!r} in {redact(storage)}") from None
        _READ[key] = _Stored(study.get_trials(deepcopy=False))
    runs = [Run(e, e, s) for e in entries for s in seeds]
    return Comparison.from_study(_READ[key], runs, metric=task.metric, mode=task.mode)


#: studies read during one :func:`run` (cleared at its start and end): each is loaded once, not per claim
_READ: dict = {}


@dataclass
class _Stored:
    """A study's trials as read once; answers ``get_trials`` as the study would (what ``from_study`` asks)."""

    trials: list

    def get_trials(self, deepcopy: bool = False, states: Any = None) -> list:
        return [t for t in self.trials if states is None or t.state in states]


def _arms(claim: Claim) -> list[str]:
    return list(dict.fromkeys(claim.claim + claim.base))


def _select(claim: Claim, setting: Setting, storage: str, **kw: Any) -> tuple[dict, dict]:
    """Per spec the chosen LR (``None`` for an arm with its own LR) and the grid of validation means."""
    grid_lrs = (setting.fixed_lr,) if setting.fixed_lr is not None else tuple(setting.lrs)
    tuned = [s for s in _arms(claim) if not _own_lr(s)]
    if tuned and not grid_lrs:
        raise LRKitError(f"evidence: claim {claim.name!r} on {setting.study}: the setting has no LR grid")
    needs_selection = len(grid_lrs) > 1 or len(claim.claim) > 1 or len(claim.base) > 1
    grid: dict[str, dict] = {s: {} for s in tuned}
    if tuned and needs_selection:
        entries = [_entry(s, lr) for s in tuned for lr in grid_lrs]
        res = _compare(setting, entries, setting.select_seeds, storage, **kw)
        means = {r["label"]: r["final"]["mean"] for r in res.summary()}
        for s in tuned:
            grid[s] = {lr: means[_entry(s, lr)] for lr in grid_lrs}
    sign = 1.0 if setting.trainer().task.mode == "max" else -1.0
    key = lambda v: sign * v if math.isfinite(v) else -math.inf  # noqa: E731
    chosen = {s: (max(grid[s], key=lambda lr: key(grid[s][lr])) if grid[s] else grid_lrs[0]) for s in tuned}
    chosen.update({s: None for s in _arms(claim) if _own_lr(s)})
    return chosen, grid


def _pick(group: tuple, chosen: dict, grid: dict, mode: str) -> str:
    """The member of ``group`` with the best validation mean at its chosen LR (the only member if one)."""
    if len(group) == 1:
        return group[0]
    sign = 1.0 if mode == "max" else -1.0
    return max(group, key=lambda s: sign * grid[s][chosen[s]] if math.isfinite(grid[s][chosen[s]]) else -math.inf)


def measure_setting(claim: Claim, setting: Setting, storage: str, *, run: bool = True, workers: int = 1,
                    progress: bool = False) -> SettingResult:
    """Measure ``claim`` in one ``setting`` (see the module docstring); ``run=False`` only reads the store."""
    kw = {"run": run, "workers": workers, "progress": progress}
    task = setting.trainer().task
    chosen, grid = _select(claim, setting, storage, **kw)
    arm_c, arm_b = _pick(claim.claim, chosen, grid, task.mode), _pick(claim.base, chosen, grid, task.mode)
    lab_c, lab_b = _entry(arm_c, chosen[arm_c]), _entry(arm_b, chosen[arm_b])
    res = _compare(setting, [lab_c, lab_b], range(setting.seeds), storage, **kw)
    test = "test_" + task.metric.split("_", 1)[1]
    cmp = Comparison(res.runs, res.labels, metric=test, mode=task.mode, target=float("nan"),
                     auto_lr=res.auto_lr, meta={"study": setting.study})
    a, b = cmp.values(lab_c), cmp.values(lab_b)
    if task.mode == "max":
        d, lo, hi = (100 * x for x in welch_interval(a, b))
        unit = "points"
    else:
        d, lo, hi = welch_interval(b, a)
        unit = "nats"
    from .stats import welch_p

    used = list(res.runs)
    if any(grid.values()):
        used += _compare(setting, [_entry(s, lr) for s in grid for lr in grid[s]], setting.select_seeds, storage,
                         **{**kw, "run": False}).runs
    secs = {(setting.study, r["label"], r["seed"]): r.get("seconds") or 0.0 for r in used}
    return SettingResult(setting, lab_c, lab_b, grid, cmp, d, lo, hi, welch_p(a, b), unit,
                         status(claim.kind, claim.margin, lo, hi), sum(secs.values()), secs)


def measure(claim: Claim | str, storage: str, *, run: bool = True, workers: int = 1,
            progress: bool = False) -> ClaimResult:
    """Measure every setting of ``claim`` (a :class:`Claim` or its name) from/into ``storage``.

    ``run=True`` trains what the store lacks (resuming an interrupted run);
    ``run=False`` only reads, and raises :class:`~lrkit.errors.LRKitError` when a run is missing.

    >>> import tempfile, os
    >>> from lrkit.experiments.evidence_claims import example_claim
    >>> r = measure(example_claim(), os.path.join(tempfile.mkdtemp(), "ev.db"))
    >>> r.settings[0].claim_label, r.settings[0].base_label, r.verdict in ("holds", "not seen here")
    ('cosine; lr=0.1', 'constant; lr=0.1', True)
    """
    c = get_claim(claim) if isinstance(claim, str) else claim
    out = ClaimResult(c)
    for s in c.settings:
        out.settings.append(measure_setting(c, s, storage, run=run, workers=workers, progress=progress))
    return out


def select_claims(names: Sequence[str] | None, claims: Sequence[Claim] = CLAIMS) -> list[Claim]:
    """The claims called ``names`` (all when empty); an unknown name raises an error listing the known ones.

    >>> [c.name for c in select_claims(["step-vs-cosine"])]
    ['step-vs-cosine']
    """
    if not names:
        return list(claims)
    return [get_claim(n, tuple(claims)) for n in names]


def delete_studies(claims: Sequence[Claim], storage: str) -> list[str]:
    """Delete the stored studies of ``claims``' settings (what ``--rerun`` does first); their names.

    >>> import tempfile, os
    >>> from lrkit.experiments.evidence_claims import example_claim
    >>> tiny = example_claim()
    >>> db = os.path.join(tempfile.mkdtemp(), "ev.db")
    >>> _ = measure(tiny, db)
    >>> delete_studies([tiny], db), delete_studies([tiny], db)
    (['evidence-digits-mlp-sgd-1ep-bs64'], [])
    """
    optuna = require_optuna()
    st = open_storage(storage)
    have = {s.study_name for s in optuna.get_all_study_summaries(st, include_best_trial=False)}
    gone = []
    for name in dict.fromkeys(s.study for c in claims for s in c.settings):
        if name in have:
            optuna.delete_study(study_name=name, storage=st)
            gone.append(name)
    return gone


def _trial_counts(storage: str) -> dict[str, int]:
    optuna = require_optuna()
    return {s.study_name: s.n_trials for s in optuna.get_all_study_summaries(open_storage(storage),
                                                                              include_best_trial=False)}


def run(names: Sequence[str] | None, storage: str, *, rerun: bool = False, workers: int = 1,
        progress: bool = False, claims: Sequence[Claim] = CLAIMS,
        log: Any = None) -> tuple[list[ClaimResult], list[str], dict[str, float]]:
    """Measure the claims called ``names`` (all when empty) and read every other claim from the store.

    ``rerun``: delete the selected claims' stored studies first (train from scratch).
    Returns the results in registry order, the names of claims with no complete stored
    runs (left off the page), and the wall seconds of each selected claim that trained.
    ``log(text)`` is called with one line per claim.

    >>> import tempfile, os
    >>> from lrkit.experiments.evidence_claims import example_claim
    >>> tiny = example_claim()
    >>> db = os.path.join(tempfile.mkdtemp(), "ev.db")
    >>> results, missing, trained = run(["tiny"], db, claims=[tiny])
    >>> [r.claim.name for r in results], missing, list(trained)
    (['tiny'], [], ['tiny'])
    >>> run(None, db, claims=[tiny])[2]                 # stored: read, nothing trained
    {}
    """
    chosen = select_claims(names, claims)  # an unknown name fails here, before anything is opened
    _READ.clear()
    try:
        return _run(chosen, storage, rerun, workers, progress, claims, log)
    finally:
        _READ.clear()


def _run(chosen: list, storage: str, rerun: bool, workers: int, progress: bool, claims: Sequence[Claim],
         log: Any) -> tuple[list[ClaimResult], list[str], dict[str, float]]:
    if rerun:
        delete_studies(chosen, storage)
    trained: dict[str, float] = {}
    results: dict[str, ClaimResult] = {}
    import time

    for c in chosen:
        if not rerun:
            try:  # all stored: read it (seconds), never open a comparison
                results[c.name] = measure(c, storage, run=False)
            except LRKitError:
                pass
        if c.name not in results:
            _READ.clear()  # what was read before this trains is out of date after it
            before, t0 = _trial_counts(storage), time.perf_counter()
            results[c.name] = measure(c, storage, run=True, workers=workers, progress=progress)
            if _trial_counts(storage) != before:
                trained[c.name] = time.perf_counter() - t0
        if log:
            log(f"{c.name}: {results[c.name].verdict}")
    missing = []
    for c in claims:
        if c.name not in results:
            try:
                results[c.name] = measure(c, storage, run=False)
            except LRKitError:
                missing.append(c.name)
    return [results[c.name] for c in claims if c.name in results], missing, trained
