"""``lrkit diagnose``: read a run's logs and say what went wrong with its learning rate.

``diagnose(path)`` reads TensorBoard event files, HF ``trainer_state.json`` (also in checkpoint
folders), Lightning ``metrics.csv`` and plain CSV/JSONL, builds each run's series (LR, training
loss, a validation metric by optimizer step) and runs the shared series rules of
:mod:`lrkit.series_rules` on it (the ones :class:`lrkit.torch.Monitor` runs live). Each finding
has a code of :mod:`lrkit.diagnostics`, the step, the numbers that show it, the likely causes and
the fix as code. With ``spec`` and ``total_steps`` the logged LR is compared with the plan;
without, the schedule is identified from the logged LR.

>>> import lrkit as lk, tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> rows = [f"{s},0.1,{2.0 / s:.4f}" for s in range(1, 201)]        # a constant LR: never stepped?
>>> _ = (d / "run.csv").write_text("step,lr,loss\\n" + "\\n".join(rows) + "\\n")
>>> result = lk.diagnose(d / "run.csv")
>>> [f.code for f in result.findings], result.runs[0].schedule["spec"]
(['LR026'], 'constant')
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np

from .. import series_rules as sr
from ..diagnostics import RULES
from ..errors import LRKitError
from .causes import causes_for, fix_for
from .columns import metric_mode, pick
from .identify import identify
from .plan import check_plan, compare_plan
from .readers import Log, LogError, read_logs

__all__ = ["diagnose", "Diagnosis", "RunDiagnosis", "LogFinding", "LogError"]

# a finding that makes another redundant at the same run (the first kept)
_SUPERSEDES = {"LR031": ("LR015",), "LR012": ("LR029",), "LR028": ("LR012", "LR029", "LR027"),
               "LR027": ("LR029",), "LR036": ("LR027",), "LR035": ("LR012", "LR029")}


@dataclass(frozen=True)
class LogFinding:
    """One finding in a run's logs: the rule ``code``, the ``step``, the ``symptom`` (a sentence), the
    ``evidence`` numbers, the ranked ``causes`` and the ``fix`` (``spec``, ``lrkit`` and ``torch`` code)."""

    code: str
    step: int | None
    symptom: str
    evidence: dict
    causes: list
    fix: dict

    @property
    def title(self) -> str:
        return RULES[self.code].title

    @property
    def severity(self) -> str:
        return RULES[self.code].severity

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "step": self.step, "symptom": self.symptom, "evidence": _plain(self.evidence),
                "causes": list(self.causes), "fix": dict(self.fix)}


def _plain(x: Any) -> Any:
    """JSON-safe: numpy scalars to Python, NaN/inf to strings."""
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and not np.isfinite(x):
        return str(x)
    return x


@dataclass
class RunDiagnosis:
    """One run: its ``name``, ``path``, ``source`` reader, ``steps`` (the run length), the ``series``,
    the ``columns`` used, the ``findings``, the ``schedule`` (identified or planned; None) and ``notes``."""

    name: str
    path: str
    source: str
    steps: int
    series: sr.Series
    columns: dict
    findings: list[LogFinding] = field(default_factory=list)
    schedule: dict | None = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "steps": self.steps, "findings": [f.to_dict() for f in self.findings],
                "schedule": self.schedule, "notes": list(self.notes)}


@dataclass
class Diagnosis:
    """The result of :func:`diagnose`: one :class:`RunDiagnosis` per run read."""

    runs: list[RunDiagnosis]

    @property
    def findings(self) -> list[LogFinding]:
        return [f for r in self.runs for f in r.findings]

    @property
    def exit_code(self) -> int:
        """0 when nothing was found, 1 with findings (the CLI's exit code)."""
        return 1 if self.findings else 0

    def to_dict(self) -> dict[str, Any]:
        """``{"runs": [{"path", "steps", "findings": [...], "schedule", "notes"}]}`` (what --format json prints)."""
        return {"runs": [r.to_dict() for r in self.runs]}

    def text(self, sketch: bool = True, width: int = 80) -> str:
        """The report for people (with a terminal sketch of each run's LR unless ``sketch=False``)."""
        from .report import to_text

        return to_text(self, sketch=sketch, width=width)

    def plot(self, path: str | os.PathLike | None = None, run: int | str = 0) -> Any:
        """A matplotlib figure of one run (loss and LR on aligned step axes, findings marked); saved to ``path``."""
        from .report import plot_run

        names = [x.name for x in self.runs]
        if isinstance(run, int) and not isinstance(run, bool) and -len(names) <= run < len(names):
            return plot_run(self.runs[run], path)
        if isinstance(run, str) and run in names:
            return plot_run(self.runs[names.index(run)], path)
        raise LRKitError(f"diagnose: plot: run must be a run's index (0 to {len(names) - 1}) or name "
                         f"({', '.join(names)}), got {run!r}")


def _series(log: Log, names: dict, total_steps: int | None) -> sr.Series:
    col = log.columns
    steps, lr = col[names["lr"]]
    loss_steps, loss = col.get(names["loss"], (None, None)) if names["loss"] else (None, None)
    val_name = names["val_metric"] or names["val_loss"]
    val_steps, val = col[val_name] if val_name else (None, None)
    return sr.Series(steps=steps, lr=lr, loss=loss if loss is not None else [],
                     loss_steps=loss_steps if loss is not None else [], val=val, val_steps=val_steps,
                     val_name=val_name or "val_loss", val_mode=metric_mode(val_name or "loss"),
                     total_steps=total_steps)


def _finding(hit: sr.Hit, run_len: int, peak: float, plan: dict | None, mode: str) -> LogFinding:
    rule = RULES[hit.code]
    values = dict(hit.values)
    symptom = rule.render(rule.message, values)
    fix = fix_for(hit.code, run_len, peak, spec=(plan or {}).get("spec"), base_lr=(plan or {}).get("base_lr"),
                  mode=mode)
    fix["text"] = rule.render(rule.fix, values)
    return LogFinding(code=hit.code, step=hit.step, symptom=symptom, evidence=dict(hit.evidence),
                      causes=causes_for(hit.code), fix=fix)


def _dedupe(hits: list[sr.Hit]) -> list[sr.Hit]:
    codes = {h.code for h in hits}
    drop = {d for c in codes for d in _SUPERSEDES.get(c, ())}
    out, seen = [], set()
    for h in hits:
        if h.code in drop or h.code in seen:
            continue
        seen.add(h.code)
        out.append(h)
    return sorted(out, key=lambda h: (h.step if h.step is not None else -1, h.code))


def diagnose_log(log: Log, spec: str | None = None, total_steps: int | None = None,
                 steps_per_epoch: int | None = None, base_lr: float | None = None,
                 rules: Iterable[sr.SeriesRule] = sr.RULES, **columns: str | None) -> RunDiagnosis:
    """Diagnose one :class:`~lrkit.diagnosis.readers.Log` (what :func:`diagnose` does per run)."""
    names = pick(list(log.columns), where=log.path, **columns)
    s = _series(log, names, total_steps if spec else None)
    notes = list(log.notes)
    hits = [h for rule in rules for h in rule.check(s)]
    finite = s.lr[np.isfinite(s.lr)]
    peak = float(finite.max()) if len(finite) else float("nan")
    schedule = None
    if spec:
        hits += compare_plan(s.steps, s.lr, spec, total_steps, steps_per_epoch, base_lr)
        schedule = {"spec": spec, "source": "planned", "total_steps": total_steps, "base_lr": base_lr}
        if steps_per_epoch:
            schedule["steps_per_epoch"] = steps_per_epoch
    else:
        got = identify(s.steps, s.lr)
        if got is not None:
            schedule = got.to_dict()
        elif len(finite):
            notes.append("the schedule could not be identified (no catalogue family fits the logged LR within 5% "
                         "of its peak)")
    nonfinite = int((~np.isfinite(s.lr)).sum())
    if nonfinite:
        notes.append(f"{nonfinite} logged LR value(s) are NaN or inf")
    findings = [_finding(h, s.length, peak, schedule, s.val_mode) for h in _dedupe(hits)]
    path = log.path + (f"#{log.name.rsplit('#', 1)[1]}" if "#" in log.name else "")
    return RunDiagnosis(name=log.name, path=path, source=log.source, steps=s.length, series=s,
                        columns={k: v for k, v in names.items() if v}, findings=findings, schedule=schedule,
                        notes=notes)


def diagnose(path: str | os.PathLike | Iterable[str | os.PathLike], *, spec: str | None = None,
             total_steps: int | None = None, steps_per_epoch: int | None = None, base_lr: float | None = None,
             run: str | None = None, step: str | None = None, lr: str | None = None, loss: str | None = None,
             val_loss: str | None = None, val_metric: str | None = None) -> Diagnosis:
    """Read the logs under ``path`` (a file, a folder of runs, or a list of them) and diagnose each run.

    - ``spec``, ``total_steps`` (and ``steps_per_epoch``, ``base_lr``): the planned schedule to
      compare the logged LR with; without ``spec`` the schedule is identified from the log.
    - ``run``: only the runs whose name contains it.
    - ``step``, ``lr``, ``loss``, ``val_loss``, ``val_metric``: column names, when the common
      names (``learning_rate``, ``lr``, ``lr-<Optimizer>``, ``loss``, ``train_loss``,
      ``val_loss``, ``eval_loss`` …) do not fit.

    Raises :class:`LogError` (an :class:`lrkit.LRKitError`) on a log that cannot be read.

    >>> import lrkit as lk, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "log.jsonl"
    >>> lines = [f'{{"step": {s}, "learning_rate": {0.1 if s <= 500 else 0.01}, "loss": 1.0}}' for s in range(1, 1001)]
    >>> _ = p.write_text("\\n".join(lines) + "\\n")
    >>> d = lk.diagnose(p)
    >>> d.exit_code, d.runs[0].schedule["spec"]
    (0, 'multistep([500], gamma=0.1)')
    """
    if spec is not None:
        if not isinstance(spec, str):
            raise LRKitError(f"diagnose: spec must be spec text like 'warmup(5%) >> cosine', got {spec!r}")
        check_plan(spec, total_steps, steps_per_epoch, base_lr)
    paths = [path] if isinstance(path, (str, os.PathLike)) else list(path)
    if not paths:
        raise LRKitError("diagnose: no path given")
    runs: list[RunDiagnosis] = []
    cols = dict(lr=lr, loss=loss, val_loss=val_loss, val_metric=val_metric)
    for p in paths:
        for log in read_logs(p, run=run, step_col=step):
            runs.append(diagnose_log(log, spec, total_steps, steps_per_epoch, base_lr, **cols))
    return Diagnosis(runs)
