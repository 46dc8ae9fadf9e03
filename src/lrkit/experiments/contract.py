"""The ``train_fn`` contract and the argument checks that :func:`lrkit.compare` and :func:`lrkit.tune` share.

- the ``train_fn(schedule, seed, report[, lr=…])`` contract: cleaning reported
  metrics, replaying a returned history, the best epoch, the ``lr`` keyword,
  the name a study is resumed by;
- checking the arguments both take: ``train_fn``/``metric``/``mode``, seeds,
  whole numbers, the output folder, the storage;
- how a metric is shown in tables.

The worker engine that runs trials is :mod:`lrkit.experiments.engine`.

>>> whole_number("tune", "trials", 3, 1)
3
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import pickle
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from ..errors import LRKitError
from ..schedules.validate import check_int
from .storage import sqlite_url


def default_mode(metric: str) -> str:
    """``"max"`` for accuracy-like metrics (``acc``, ``accuracy``, ``f1``, ``auc``), else ``"min"``.

    >>> default_mode("val_acc"), default_mode("val_loss")
    ('max', 'min')
    """
    m = metric.lower()
    return "max" if any(w in m for w in ("acc", "f1", "auc", "score", "iou", "bleu")) else "min"


# ---- the train_fn contract ----------------------------------------------------------------
def clean_metrics(epoch: Any, metrics: Any) -> dict[str, float]:
    """The numeric metrics of one ``report(epoch, metrics)`` call, with ``"epoch"`` added."""
    check_int("report(epoch, metrics)", "epoch", epoch, ge=1)
    if not isinstance(metrics, Mapping):
        raise LRKitError(f"report(epoch, metrics): metrics must be a dict of numbers, got {type(metrics).__name__}")
    out = {}
    for k, v in metrics.items():
        try:
            out[str(k)] = float(v)
        except (TypeError, ValueError):
            continue  # non-numeric extras are not stored
    out["epoch"] = float(epoch)
    return out


def best_epoch(history: list[dict], metric: str, mode: str) -> dict:
    """The epoch of ``history`` with the best finite ``metric`` (else the last one; ``{}`` when empty)."""
    sign = 1.0 if mode == "max" else -1.0
    scored = [h for h in history if math.isfinite(h.get(metric, float("nan")))]
    return dict(max(scored, key=lambda h: sign * h[metric])) if scored else dict(history[-1]) if history else {}


def replay_returned(out: Any, reported: bool, report: Callable) -> Mapping:
    """Take what ``train_fn`` returned: a history it did not report is passed to ``report`` epoch by epoch.

    ``out`` is None, the list of per-epoch metric dicts, or a dict holding it
    under ``"history"`` (returned, so the caller can read its ``"final"`` and
    ``"best"``; else ``{}``). ``reported``: whether ``report`` was called already.
    """
    extras: Mapping = {}
    if isinstance(out, Mapping) and "history" in out:
        extras, out = out, out["history"]
    if isinstance(out, (list, tuple)) and not reported:
        for i, m in enumerate(out, 1):
            report(int(m.get("epoch", i)) if isinstance(m, Mapping) else i, m)
    elif out is not None and not isinstance(out, (list, tuple)):
        raise LRKitError("train_fn must call report(epoch, metrics) or return the list of per-epoch "
                         f"metric dicts (or a dict with 'history'), got {type(out).__name__}")
    return extras


@dataclasses.dataclass
class Trained:
    """What one call of ``train_fn`` gave: the per-epoch metrics, what it returned besides, its seconds."""

    history: list[dict]
    extras: Mapping
    seconds: float


def train_once(train_fn: Callable, schedule: Any, seed: int, lr: float | None,
               on_epoch: Callable[[int, dict, dict], None], *, which: str) -> Trained:
    """Call ``train_fn(schedule, seed, report[, lr=lr])`` once and collect what it reports.

    ``on_epoch(epoch, metrics, history)`` sees each report (cleaned; ``history``
    by epoch, this one included) and may raise to stop the training.
    ``which`` names the run in the error for a run that reported nothing.
    """
    history: dict[int, dict] = {}

    def report(epoch: int, metrics: Mapping[str, Any]) -> None:
        clean = clean_metrics(epoch, metrics)
        history[epoch] = clean
        on_epoch(epoch, clean, history)

    kwargs = {"lr": lr} if lr is not None else {}
    t0 = time.perf_counter()
    out = train_fn(schedule, seed, report, **kwargs)
    seconds = time.perf_counter() - t0
    extras = replay_returned(out, bool(history), report)
    if not history:
        raise LRKitError(f"train_fn reported no metrics {which}: call report(epoch, metrics) after each epoch")
    return Trained([history[e] for e in sorted(history)], extras, seconds)


def check_reported(final: Mapping[str, float], metric: str, who: str) -> None:
    """The error when the final metrics lack ``metric`` (what ``who``, the caller, ranks by)."""
    if metric not in final:
        raise LRKitError(f"train_fn did not report the metric {metric!r} (it reported "
                         f"{sorted(k for k in final if k != 'epoch')}): pass metric=… to {who}()")


def accepts_lr(fn: Callable) -> bool:
    """Whether ``fn`` takes an ``lr`` keyword (or ``**kwargs``; True when its signature is unknown)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return True
    return any(p.name == "lr" or p.kind == p.VAR_KEYWORD for p in params)


def fn_name(train_fn: Callable) -> str:
    """``module.name`` of ``train_fn`` (of a dataclass trainer: its repr), stored so only it resumes a study."""
    if dataclasses.is_dataclass(train_fn):  # e.g. TaskTrainer(name='digits-mlp', epochs=30, …)
        return f"{type(train_fn).__module__}.{train_fn!r}"
    return f"{getattr(train_fn, '__module__', '?')}.{getattr(train_fn, '__qualname__', type(train_fn).__name__)}"


# ---- checking the arguments -------------------------------------------------------------------
def check_train_fn(who: str, train_fn: Any, metric: Any, mode: Any) -> str:
    """Check ``train_fn``, ``metric`` and ``mode`` (None: by the metric's name); return the mode."""
    if not callable(train_fn):
        raise LRKitError(f"{who}: train_fn must be callable, got {type(train_fn).__name__}")
    if not isinstance(metric, str) or not metric:
        raise LRKitError(f"{who}: metric must be a metric name, got {metric!r}")
    mode = default_mode(metric) if mode is None else mode
    if mode not in ("max", "min"):
        raise LRKitError(f"{who}: mode must be 'max' or 'min', got {mode!r}")
    return mode


def check_picklable(who: str, train_fn: Any, payload: Any) -> None:
    """With ``workers > 1``, ``payload`` (holding ``train_fn``) is sent to worker processes."""
    try:
        pickle.dumps(payload)
    except Exception:
        raise LRKitError(f"{who}: workers > 1 sends train_fn to worker processes, so it must be a "
                         f"module-level function or picklable object, got {train_fn!r}") from None


def whole_number(who: str, name: str, v: Any, low: int) -> int:
    """``v`` when it is a whole number >= ``low``, else an error naming ``who``'s parameter ``name``."""
    return check_int(who, name, v, ge=low)


def parse_seeds(who: str, seeds: int | Iterable[int]) -> list[int]:
    """``range(seeds)`` for a count, else the given seeds (whole numbers, no repeats)."""
    if isinstance(seeds, bool):
        raise LRKitError(f"{who}: seeds must be a whole number >= 1 or a list of seeds, got {seeds!r}")
    if isinstance(seeds, int):
        if seeds < 1:
            raise LRKitError(f"{who}: seeds must be >= 1, got {seeds}")
        return list(range(seeds))
    try:
        out = [int(s) for s in seeds]
    except (TypeError, ValueError):
        raise LRKitError(f"{who}: seeds must be a whole number >= 1 or a list of seeds, got {seeds!r}") from None
    if not out or len(set(out)) != len(out):
        raise LRKitError(f"{who}: seeds must be a non-empty list without repeats, got {out!r}")
    return out


def check_writable(out: Path) -> None:
    """Make the folder ``out`` and check that a file can be written there."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".lrkit-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as e:
        raise LRKitError(f"out: cannot write to {str(out)!r}: {e.strerror or e}") from None


def storage_for(who: str, storage: Any, out_dir: Path | None) -> tuple[str, tempfile.TemporaryDirectory | None]:
    """The storage URL: ``storage`` as given, else ``OUT/runs.db``, else a temporary file (and its folder)."""
    tmp = None
    if storage is None:
        if out_dir is not None:
            storage = sqlite_url(out_dir / "runs.db")
        else:
            tmp = tempfile.TemporaryDirectory(prefix=f"lrkit-{who}-")
            storage = sqlite_url(Path(tmp.name) / "runs.db")
    elif not isinstance(storage, str):
        raise LRKitError(f"{who}: storage must be a storage URL or a file path, got {type(storage).__name__}")
    return storage, tmp


def fmt_metric(x: Any) -> str:
    """A metric for a table: 4 significant digits, a dash for missing or non-finite.

    >>> fmt_metric(0.912345), fmt_metric(None), fmt_metric(float("nan"))
    ('0.9123', '–', '–')
    """
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    return f"{x:.4g}"
