"""What :mod:`.compare` and :mod:`.tune` share (private).

- the ``train_fn(schedule, seed, report[, lr=…])`` contract: cleaning reported
  metrics, replaying a returned history, the best epoch, the ``lr`` keyword;
- checking and opening a run's study: arguments, storage, the stored meta;
- the worker pool: runs in this process (``workers=1``) or in spawned worker
  processes that take work from one study and report progress messages to
  the parent through a queue; the file lock that makes SQLite claims atomic.

Each tool passes what differs: its work function (a module-level
``work(cfg, emit)`` that takes runs or trials until none is left), its
config (which must carry ``threads``), the worker processes' name and what
one unit of work is called in messages.
"""

from __future__ import annotations

import contextlib
import dataclasses
import inspect
import math
import multiprocessing as mp
import os
import pickle
import queue as queue_mod
import signal
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from ..errors import LRKitError
from .storage import open_storage, redact, require_optuna, sqlite_url

META_ATTR = "lrkit:meta"
FAILED_ATTR = "lrkit:failed"
#: trial attribute of lrkit compare: the run (``Run.key``, ``"label #seed=N"``) a trial is.
KEY_ATTR = "lrkit:key"
#: trial attributes of lrkit tune: a tune trial, the failed trial a trial redoes, a trial claimed past the budget.
TUNE_ATTR = "lrkit:tune"
RETRY_ATTR = "lrkit:retry_of"
SURPLUS_ATTR = "lrkit:surplus"
#: seconds a worker waits before looking again for work held by others.
POLL_S = 0.5


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
    if isinstance(epoch, bool) or not isinstance(epoch, int) or epoch < 1:
        raise LRKitError(f"report(epoch, metrics): epoch must be an integer >= 1, got {epoch!r}")
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


# ---- the study ------------------------------------------------------------------------------
def open_study(storage_url: str, study_name: str, mode: str, meta: Mapping[str, Any], *, this: str,
               fresh: str, **create: Any):
    """Create or load the study; a stored one must have been made with the same ``meta``.

    ``this`` names the call in the mismatch error (``"comparison"``) and
    ``fresh`` says how to start anew; ``create`` goes to ``optuna.create_study``.
    """
    optuna = require_optuna()
    storage = open_storage(storage_url)
    try:
        study = optuna.create_study(study_name=study_name, storage=storage, load_if_exists=True,
                                    direction="maximize" if mode == "max" else "minimize", **create)
    except Exception as e:
        raise LRKitError(f"storage: cannot use {redact(storage_url)}: {str(e).splitlines()[0][:300]}") from None
    have = study.user_attrs.get(META_ATTR)
    if have is None:
        study.set_user_attr(META_ATTR, dict(meta))
    else:
        diff = {k: (have.get(k), v) for k, v in meta.items() if have.get(k) != v}
        if diff:
            k, (old, new) = next(iter(sorted(diff.items())))
            raise LRKitError(f"study {study_name!r} in {redact(storage_url)} was made with {k}={old!r}, this "
                             f"{this} has {k}={new!r}: {fresh}")
    return study


def fail_trial(storage, trial_id: int, why: str, **system_attrs: Any) -> None:
    """Mark a running trial failed, with ``why`` (and ``system_attrs``); quiet if it is finished already."""
    from optuna.trial import TrialState

    try:
        for k, v in system_attrs.items():
            storage.set_trial_system_attr(trial_id, k, v)
        storage.set_trial_system_attr(trial_id, FAILED_ATTR, why[:2000])
        storage.set_trial_state_values(trial_id, state=TrialState.FAIL)
    except Exception:  # already finished by someone else, or storage gone: nothing left to do
        pass


def claim_lock_path(storage_url: str) -> str | None:
    """The lock file beside a SQLite storage (None for a server storage, or off POSIX)."""
    if storage_url.startswith("sqlite:///") and os.name == "posix":
        return storage_url[len("sqlite:///"):] + ".claim-lock"
    return None


@contextlib.contextmanager
def claim_lock(lock_path: str | None) -> Iterator[None]:
    """Hold the file lock ``lock_path`` (nothing when None).

    On a server (PostgreSQL, MySQL) Optuna's row lock makes a claim atomic.
    SQLite has no row locks (two processes could both see a trial WAITING and
    both set it RUNNING), so there claims are made under a file lock beside
    the database (SQLite files are shared by processes of one machine).
    """
    if lock_path is None:
        yield
        return
    import fcntl

    with open(lock_path, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


# ---- the worker pool ------------------------------------------------------------------------
def set_threads(threads: int | None) -> None:
    """Set torch's thread count (when torch is loaded and ``threads`` is given)."""
    if threads and "torch" in sys.modules:
        import torch

        if torch.get_num_threads() != threads:
            torch.set_num_threads(threads)


def run_pool(work: Callable, cfg: Any, workers: int, progress: Callable, *, name: str, what: str) -> None:
    """Run ``work(cfg, emit)`` here (``workers == 1``) or in ``workers`` spawned processes.

    ``progress(worker_id, *msg)`` gets each message a worker emits. Worker
    processes are named ``{name}-{i}`` and get ``cfg.threads`` OMP/MKL
    threads; an error in one stops the others and is raised here (an
    :class:`LRKitError` as itself, else a ``RuntimeError`` saying "a
    ``what`` failed in a worker process" with the worker's traceback).
    """
    if workers == 1:
        _in_process(work, cfg, progress)
    else:
        _in_processes(work, cfg, workers, progress, name, what)


def _in_process(work: Callable, cfg: Any, progress: Callable) -> None:
    old = None
    if cfg.threads and "torch" in sys.modules:
        import torch

        old = torch.get_num_threads()
    try:
        work(cfg, lambda msg: progress(0, *msg))
    finally:
        if old is not None:
            import torch

            torch.set_num_threads(old)


def _worker_process(work: Callable, cfg: Any, wid: int, q) -> None:
    """Entry point of a worker process (spawned): run ``work`` and report to the parent."""
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(SystemExit(143)))
    try:
        work(cfg, lambda msg: q.put((wid,) + msg))
        q.put((wid, "exit"))
    except (KeyboardInterrupt, SystemExit):
        q.put((wid, "interrupted"))
    except BaseException as e:
        q.put((wid, "error", isinstance(e, LRKitError), str(e), traceback.format_exc()))


def _in_processes(work: Callable, cfg: Any, workers: int, progress: Callable, name: str, what: str) -> None:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    env_keys = ("OMP_NUM_THREADS", "MKL_NUM_THREADS")
    saved = {k: os.environ.get(k) for k in env_keys}
    procs = []
    try:
        if cfg.threads:
            for k in env_keys:
                os.environ[k] = str(cfg.threads)
        for w in range(workers):
            p = ctx.Process(target=_worker_process, args=(work, cfg, w, q), name=f"{name}-{w}")
            p.start()
            procs.append(p)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    error = None
    try:
        finished: set[int] = set()
        while len(finished) < workers:
            try:
                msg = q.get(timeout=0.5)
            except queue_mod.Empty:
                for w, p in enumerate(procs):
                    if not p.is_alive() and p.exitcode is not None:
                        finished.add(w)  # died without a word (killed): its work is failed and done again
                continue
            wid, kind = msg[0], msg[1]
            if kind in ("exit", "interrupted"):
                finished.add(wid)
            elif kind == "error":
                finished.add(wid)
                error = error or msg
                for p in procs:
                    if p.is_alive():
                        p.terminate()
            else:
                progress(wid, *msg[1:])
    except BaseException:
        for p in procs:
            if p.is_alive():
                p.terminate()
        raise
    finally:
        for p in procs:
            p.join(timeout=60)
    if error is not None:
        _, _, is_user, text, tb = error
        if is_user:
            raise LRKitError(text)
        raise RuntimeError(f"a {what} failed in a worker process:\n{tb}")
    _in_process(work, cfg, progress)  # whatever a killed worker left undone (normally nothing: returns at once)


def fmt_metric(x: Any) -> str:
    """A metric for a table: 4 significant digits, a dash for missing or non-finite.

    >>> fmt_metric(0.912345), fmt_metric(None), fmt_metric(float("nan"))
    ('0.9123', '–', '–')
    """
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    return f"{x:.4g}"
