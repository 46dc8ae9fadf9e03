"""Optuna storage for comparisons and tuning: open it, know who runs what, find dead workers.

Every run of a comparison (one schedule x one seed) is an Optuna trial, so a
comparison lives in any storage Optuna accepts: a SQLite file (the default,
inside the report folder) or a server (``postgresql://…``, ``mysql://…``)
shared by several processes on several machines.

How dead workers are found (so their runs are done again):

- each running trial records its worker (host, pid, process start time) in a
  system attribute; a worker on *this* host whose process is gone (or a
  zombie) is dead at once;
- each running trial also sends Optuna's heartbeat every
  :data:`HEARTBEAT_S` seconds; a trial whose heartbeat is older than
  :data:`GRACE_S` is failed by :func:`optuna.storages.fail_stale_trials`,
  which covers workers on other machines.

>>> url = sqlite_url("/tmp/lrkit-doctest/runs.db")
>>> url
'sqlite:////tmp/lrkit-doctest/runs.db'
>>> redact("postgresql://me:secret@db:5432/x")
'postgresql://me:***@db:5432/x'
"""

from __future__ import annotations

import datetime
import os
import re
import socket
import threading
import time
import warnings
from pathlib import Path
from typing import Any

from ..errors import LRKitError

__all__ = ["open_storage", "sqlite_url", "redact", "worker_identity", "is_alive", "reap_dead",
           "Heartbeat", "require_optuna", "HEARTBEAT_S", "GRACE_S"]

#: seconds between heartbeats of a running trial.
HEARTBEAT_S = 5
#: a running trial without a heartbeat for this long is failed (and run again).
GRACE_S = 20

WORKER_ATTR = "lrkit:worker"


def require_optuna():
    """Import optuna (quietly) or say which extra to install."""
    try:
        import optuna
    except ImportError as e:  # pragma: no cover - optuna is in the dev extra
        raise LRKitError("comparisons need optuna: pip install 'lrkit[experiments]'") from e
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    # heartbeats are "experimental" in Optuna; lrkit relies on them knowingly.
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    return optuna


def sqlite_url(path: str | os.PathLike) -> str:
    """The SQLAlchemy URL of a SQLite file (absolute path)."""
    return "sqlite:///" + str(Path(path).expanduser().absolute())


def redact(url: str) -> str:
    """``url`` with its password replaced by ``***`` (for messages and reports)."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


def _normalize(url: str) -> str:
    if "://" not in url:  # a plain file path means a SQLite file
        return sqlite_url(url)
    scheme, rest = url.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        # SQLAlchemy 2.1 picks psycopg (3) for a bare postgresql://; use psycopg2 when only it is there
        import importlib.util

        if importlib.util.find_spec("psycopg") is None and importlib.util.find_spec("psycopg2") is not None:
            return "postgresql+psycopg2://" + rest
        return "postgresql://" + rest
    return url


def open_storage(url: str, *, heartbeat: bool = True):
    """Open (creating its tables) the Optuna storage at ``url``.

    ``url`` is an SQLAlchemy URL Optuna accepts (``sqlite:///runs.db``,
    ``postgresql://user:pw@host/db``) or a file path (a SQLite file). A storage
    that cannot be opened raises :class:`lrkit.LRKitError` with the reason.
    """
    optuna = require_optuna()
    given = url if "://" in url else sqlite_url(url)
    url = _normalize(url)
    engine_kwargs: dict[str, Any] = {}
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        if not path.parent.is_dir():
            raise LRKitError(f"storage: cannot open {url}: folder {path.parent} does not exist")
        # Several worker processes write to one file: wait for the lock instead of failing.
        engine_kwargs["connect_args"] = {"timeout": 120}
    elif url.startswith(("postgresql", "mysql")):
        engine_kwargs["pool_pre_ping"] = True
    kwargs: dict[str, Any] = {"engine_kwargs": engine_kwargs}
    if heartbeat:
        kwargs.update(heartbeat_interval=HEARTBEAT_S, grace_period=GRACE_S)
    for attempt in range(6):
        try:
            storage = optuna.storages.RDBStorage(url, **kwargs)
            break
        except Exception as e:  # sqlalchemy errors, a missing driver, a bad URL
            reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            # two processes creating the tables of a new storage at once: the loser retries
            # (SQLite reports the clash on alembic_version as a UNIQUE constraint failure)
            races = ("already exists", "locked", "duplicate key", "UNIQUE constraint failed")
            if attempt < 5 and any(w in reason for w in races):
                time.sleep(0.2 + 0.3 * attempt)
                continue
            raise LRKitError(f"storage: cannot open {redact(given)}: {reason[:300]}") from None
    if url.startswith("sqlite:///"):
        _sqlite_wal(storage.engine)
    return storage


def _sqlite_wal(engine) -> None:
    """WAL journal + synchronous=NORMAL: readers never block the writer, commits are cheap.

    A commit is still durable against a killed process (only a power cut can
    lose the last commits), which is what resuming needs.
    """
    from sqlalchemy import event

    def on_connect(dbapi_conn, _record) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    event.listen(engine, "connect", on_connect)
    engine.dispose()  # connections opened before the listener are dropped


# ---- workers ---------------------------------------------------------------------------
def _proc_start(pid: int) -> tuple[str, str] | None:
    """(state, start time) of a process from /proc, or None when it does not exist."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], fields[19]


def worker_identity() -> dict[str, Any]:
    """Who runs a trial: host name, process id and the process's start time."""
    pid = os.getpid()
    st = _proc_start(pid)
    return {"host": socket.gethostname(), "pid": pid, "start": st[1] if st else None}


def is_alive(worker: Any) -> bool | None:
    """True/False for a worker on this host, None when it cannot be told (another host)."""
    if not isinstance(worker, dict) or worker.get("host") != socket.gethostname():
        return None
    pid = worker.get("pid")
    if not isinstance(pid, int):
        return None
    if Path("/proc").is_dir():
        st = _proc_start(pid)
        if st is None or st[0] in ("Z", "X"):
            return False
        return worker.get("start") in (None, st[1])
    try:  # pragma: no cover - non-Linux
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reap_dead(study) -> list[int]:
    """Fail the running trials of ``study`` whose worker is dead; return their numbers.

    Dead means: a worker process on this host that no longer exists, (any host)
    no heartbeat for :data:`GRACE_S` seconds, or a trial started over
    :data:`GRACE_S` seconds ago that no worker signed (a worker signs a trial
    right after ``study.ask()``; one killed between the two leaves a running
    trial with neither a worker nor a heartbeat, which nothing else would ever
    find dead).
    """
    optuna = require_optuna()
    from optuna.trial import TrialState

    storage = study._storage  # the study's public API has no accessor; RDBStorage methods are public
    failed = []
    now = datetime.datetime.now()
    for t in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        worker = t.system_attrs.get(WORKER_ATTR)
        unsigned = (worker is None and t.datetime_start is not None
                    and (now - t.datetime_start).total_seconds() > GRACE_S)
        if unsigned or is_alive(worker) is False:
            try:
                storage.set_trial_system_attr(t._trial_id, "lrkit:failed", "worker process died")
                if storage.set_trial_state_values(t._trial_id, state=TrialState.FAIL):
                    failed.append(t.number)
            except optuna.exceptions.UpdateFinishedTrialError:
                pass
    before = {t.number for t in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,))}
    optuna.storages.fail_stale_trials(study)
    after = {t.number for t in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,))}
    return failed + sorted(before - after)


class Heartbeat:
    """A thread sending Optuna heartbeats for one running trial (a context manager)."""

    def __init__(self, storage, trial_id: int, interval: float = HEARTBEAT_S):
        self.storage, self.trial_id, self.interval = storage, trial_id, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, daemon=True, name=f"lrkit-heartbeat-{trial_id}")

    def _beat(self) -> None:
        while True:
            try:
                self.storage.record_heartbeat(self.trial_id)
            except Exception:  # a transient storage error must not kill the run
                pass
            if self._stop.wait(self.interval):
                return

    def __enter__(self) -> "Heartbeat":
        if getattr(self.storage, "get_heartbeat_interval", lambda: None)() is not None:
            self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)
