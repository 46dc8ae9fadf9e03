"""The worker engine of comparisons and tuning: claim a trial, run it, heartbeat, fail, resume, progress.

A study in an Optuna storage is the queue of work. Workers (this process with
``workers=1``, else spawned processes, and any other process on the same
storage) each loop:

1. **claim** the next trial (under a file lock beside a SQLite file; a
   server's row lock suffices), or learn that the rest is running elsewhere
   (wait) or that nothing is left (stop);
2. **run** it, signed with the worker's identity and sending heartbeats
   (:class:`~lrkit.experiments.storage.Heartbeat`), so that a dead worker's
   trial is found (:func:`~lrkit.experiments.storage.reap_dead`) and run again;
3. **fail** it when it raises, with the reason (``"interrupted"`` on Ctrl-C or
   ``kill``), and stop this worker; a trial another worker owns is failed
   quietly (:class:`Superseded`) and the worker goes on.

Finished trials stay finished, so the same call again **resumes**. The parent
shows **progress** bars from the messages workers send.

What a trial *is* comes from a :class:`TrialKind` (a comparison run: one
schedule and seed, :mod:`lrkit.experiments._compare`; a tuning trial: sampled
values trained on every seed, :mod:`lrkit.experiments._tune`).
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import queue as queue_mod
import importlib.util
import signal
import sys
import time
import traceback
from typing import Any, Callable, Iterator, Mapping

from ..errors import LRKitError
from .storage import Heartbeat, open_storage, redact, require_optuna, sqlite_url
from .trials import FAILED_ATTR, META_ATTR

__all__ = ["TrialKind", "Superseded", "WAIT", "execute", "open_study"]

#: seconds a worker waits before looking again for work held by others.
_POLL_S = 0.5
#: what :meth:`TrialKind.claim` returns when the trials left run elsewhere.
WAIT = "wait"


class TrialKind:
    """What a trial is: subclass it as a dataclass (it is sent to worker processes, so it must pickle).

    The engine reads the fields ``storage`` (URL), ``study_name`` and
    ``threads`` (torch threads per worker, None: leave as is), and the class
    attributes ``unit`` (what one trial is called: ``"run"``, ``"trial"``),
    ``process_name`` (of worker processes) and ``epoch_bars`` (a progress bar
    per worker for the epochs of its current trial). Worker messages
    (``emit``) are tuples: ``("start", text)``, ``("epoch", n)``; the engine
    sends ``("done",)`` and ``("wait",)`` itself.
    """

    storage: str
    study_name: str
    threads: int | None
    unit = "run"
    process_name = "lrkit-worker"
    epoch_bars = False

    def study_options(self) -> dict[str, Any]:
        """Keywords for ``optuna.create_study``/``load_study`` (a sampler and pruner)."""
        return {}

    def total(self) -> int:
        """How many finished trials make the study done."""
        raise NotImplementedError

    def finished(self, study) -> int:
        """How many trials of this kind are finished in ``study``."""
        raise NotImplementedError

    def prepare(self, study) -> None:
        """In the calling process, before workers start (only when work is left)."""

    def claim(self, study) -> Any:
        """The next trial, set running and signed; :data:`WAIT`; or None when nothing is left.

        Called under the claim lock.
        """
        raise NotImplementedError

    def run(self, study, trial, emit: Callable[[tuple], None]) -> None:
        """Run the claimed ``trial`` to its end (complete or pruned); raise :class:`Superseded` to give it up."""
        raise NotImplementedError

    def replace_error(self, error: BaseException) -> BaseException | None:
        """The error to raise instead of ``error`` (after the trial is failed), or None to raise it as it is."""
        return None


class Superseded(Exception):
    """Raised by :meth:`TrialKind.run` when another worker owns the trial (or it is one too many).

    The trial is failed with ``why`` and the system attributes ``attrs``; the worker goes on.
    """

    def __init__(self, why: str, **attrs: Any):
        super().__init__(why)
        self.why, self.attrs = why, attrs


# ---- the study ------------------------------------------------------------------------------
def open_study(storage_url: str, study_name: str, mode: str, meta: Mapping[str, Any], *, this: str,
               fresh: str, **options: Any):
    """Create or load the study; a stored one must have been made with the same ``meta``.

    ``this`` names the call in the mismatch error (``"comparison"``) and
    ``fresh`` says how to start anew; ``options`` (:meth:`TrialKind.study_options`)
    go to ``optuna.create_study``.
    """
    optuna = require_optuna()
    storage = open_storage(storage_url)
    try:
        study = optuna.create_study(study_name=study_name, storage=storage, load_if_exists=True,
                                    direction="maximize" if mode == "max" else "minimize", **options)
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


def _fail_trial(storage, trial_id: int, why: str, **system_attrs: Any) -> None:
    """Mark a running trial failed, with ``why`` (and ``system_attrs``); quiet if it is finished already."""
    from optuna.trial import TrialState

    try:
        for k, v in system_attrs.items():
            storage.set_trial_system_attr(trial_id, k, v)
        storage.set_trial_system_attr(trial_id, FAILED_ATTR, why[:2000])
        storage.set_trial_state_values(trial_id, state=TrialState.FAIL)
    except Exception:  # already finished by someone else, or storage gone: nothing left to do
        pass


def _claim_lock_path(storage_url: str) -> str | None:
    """The lock file beside a SQLite storage (a URL or a file path; None for a server storage, or off POSIX)."""
    if "://" not in storage_url:  # a file path means a SQLite file
        storage_url = sqlite_url(storage_url)
    if storage_url.startswith("sqlite:///") and os.name == "posix":
        return storage_url[len("sqlite:///"):] + ".claim-lock"
    return None


@contextlib.contextmanager
def _claim_lock(lock_path: str | None) -> Iterator[None]:
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


# ---- one worker -----------------------------------------------------------------------------
def _work(kind: TrialKind, emit: Callable[[tuple], None]) -> None:
    """Claim and run ``kind``'s trials until none is left (the loop every worker runs)."""
    optuna = require_optuna()
    study = optuna.load_study(study_name=kind.study_name, storage=open_storage(kind.storage),
                              **kind.study_options())
    lock_path = _claim_lock_path(kind.storage)
    waiting_said = False
    while True:
        with _claim_lock(lock_path):
            trial = kind.claim(study)
        if trial is None:
            return
        if trial == WAIT:  # the rest runs elsewhere: wait for it (or for its worker to die)
            if not waiting_said:
                emit(("wait",))
                waiting_said = True
            time.sleep(_POLL_S)
            continue
        waiting_said = False
        _run(kind, study, trial, emit)


def _run(kind: TrialKind, study, trial, emit: Callable[[tuple], None]) -> None:
    """Run one claimed trial under a heartbeat; fail it (with the reason) when it raises."""
    storage, tid = study._storage, trial._trial_id  # the study has no public accessor; RDBStorage's methods are public
    with Heartbeat(storage, tid):
        try:
            _set_threads(kind.threads)
            kind.run(study, trial, emit)
        except Superseded as s:
            _fail_trial(storage, tid, s.why, **s.attrs)
            return
        except BaseException as e:
            why = "interrupted" if isinstance(e, (KeyboardInterrupt, SystemExit)) else \
                "".join(traceback.format_exception_only(type(e), e)).strip()
            _fail_trial(storage, tid, why)
            other = kind.replace_error(e)
            if other is not None:
                raise other from None
            raise
    emit(("done",))


def _set_threads(threads: int | None) -> None:
    """Set torch's thread count when ``threads`` is given and torch is installed (imported here if the training
    function has not loaded it yet, so the first run of a fresh process gets the same count as the others)."""
    if threads and ("torch" in sys.modules or importlib.util.find_spec("torch") is not None):
        import torch

        if torch.get_num_threads() != threads:
            torch.set_num_threads(threads)


# ---- the workers ----------------------------------------------------------------------------
def execute(kind: TrialKind, study, workers: int, progress: bool, epochs: int | None = None) -> None:
    """Run ``kind``'s trials of ``study`` until none is left, here or in ``workers`` processes.

    ``progress``: show tqdm bars (``epochs``: the length of the per-worker
    bars). An error in a worker stops the others and is raised here (an
    :class:`LRKitError` as itself, else a ``RuntimeError`` saying "a
    ``unit`` failed in a worker process" with the worker's traceback).
    """
    done, total = kind.finished(study), kind.total()
    bars = _Progress(progress, kind.unit, total, done, workers if kind.epoch_bars else 0, epochs)
    try:
        if done < total:
            kind.prepare(study)
            if workers == 1:
                _in_process(kind, bars)
            else:
                _in_processes(kind, workers, bars)
    finally:
        bars.close()


def _in_process(kind: TrialKind, progress: Callable) -> None:
    old = None
    if kind.threads and "torch" in sys.modules:
        import torch

        old = torch.get_num_threads()
    try:
        _work(kind, lambda msg: progress(0, *msg))
    finally:
        if old is not None:
            import torch

            torch.set_num_threads(old)


def _worker_process(kind: TrialKind, wid: int, q) -> None:
    """Entry point of a worker process (spawned): run the worker loop and report to the parent."""
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(SystemExit(143)))
    try:
        _work(kind, lambda msg: q.put((wid,) + msg))
        q.put((wid, "exit"))
    except (KeyboardInterrupt, SystemExit):
        q.put((wid, "interrupted"))
    except BaseException as e:
        q.put((wid, "error", isinstance(e, LRKitError), str(e), traceback.format_exc()))


def _start(kind: TrialKind, workers: int, ctx, q) -> list:
    """Spawn the worker processes, each with ``kind.threads`` OMP/MKL threads."""
    env_keys = ("OMP_NUM_THREADS", "MKL_NUM_THREADS")
    saved = {k: os.environ.get(k) for k in env_keys}
    procs = []
    try:
        if kind.threads:
            for k in env_keys:
                os.environ[k] = str(kind.threads)
        for w in range(workers):
            p = ctx.Process(target=_worker_process, args=(kind, w, q), name=f"{kind.process_name}-{w}")
            p.start()
            procs.append(p)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return procs


def _in_processes(kind: TrialKind, workers: int, progress: Callable) -> None:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    procs = _start(kind, workers, ctx, q)
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
            wid, what = msg[0], msg[1]
            if what in ("exit", "interrupted"):
                finished.add(wid)
            elif what == "error":
                finished.add(wid)
                error = error or msg
                _terminate(procs)
            else:
                progress(wid, *msg[1:])
    except BaseException:
        _terminate(procs)
        raise
    finally:
        for p in procs:
            p.join(timeout=60)
    if error is not None:
        _, _, is_user, text, tb = error
        if is_user:
            raise LRKitError(text)
        raise RuntimeError(f"a {kind.unit} failed in a worker process:\n{tb}")
    _in_process(kind, progress)  # whatever a killed worker left undone (normally nothing: returns at once)


def _terminate(procs: list) -> None:
    for p in procs:
        if p.is_alive():
            p.terminate()


# ---- progress -----------------------------------------------------------------------------
class _Progress:
    """tqdm bars: one for the trials; with ``workers``, one per worker for the epochs of its current trial.

    Without worker bars, a trial's ``start`` text shows beside the main bar.
    """

    def __init__(self, enabled: bool, unit: str, total: int, done: int, workers: int, epochs: int | None):
        self.main, self.bars, self.unit, self.epochs = None, {}, unit, epochs
        if not enabled:
            return
        from tqdm.auto import tqdm

        self.main = tqdm(total=total, initial=min(done, total), desc=f"{unit}s", unit=unit, position=0,
                         dynamic_ncols=True)
        self.bars = {w: tqdm(total=epochs, desc=f"worker {w}", unit="ep", position=w + 1, leave=False,
                             dynamic_ncols=True) for w in range(workers)}

    def __call__(self, wid: int, *msg: Any) -> None:
        if self.main is None:
            return
        what, bar = msg[0], self.bars.get(wid)
        if what == "done":
            self.main.update(1)
        elif what == "start" and bar is None:
            self.main.set_postfix_str(msg[1])
        elif what == "start":
            bar.reset(total=self.epochs)
            bar.set_description(f"w{wid} {msg[1]}")
        elif what == "epoch" and bar is not None:
            bar.n = msg[1]
            bar.refresh()
        elif what == "wait" and bar is not None:
            bar.set_description(f"w{wid} waiting for {self.unit}s held by other workers")

    def close(self) -> None:
        for b in self.bars.values():
            b.close()
        if self.main is not None:
            self.main.close()
