"""Stored runs survive a killed worker; several processes share one study (SQLite and PostgreSQL)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import optuna
import pytest

import lrkit as lk
from lrkit.experiments.trials import KEY_ATTR
from lrkit.experiments.storage import is_alive, open_storage, redact, worker_identity

HERE = Path(__file__).parent
SPECS = ["constant", "cosine", "warmup(8) >> cosine"]
TS = optuna.trial.TrialState


def _start(storage, study, workers, seeds, *specs, sleep="0"):
    env = dict(os.environ, LRKIT_TEST_SLEEP=sleep)
    return subprocess.Popen([sys.executable, str(HERE / "_run_compare.py"), storage, study, str(workers), str(seeds),
                             *specs], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(pred, timeout=60.0):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def _trials(storage, study):
    return optuna.load_study(study_name=study, storage=open_storage(storage)).get_trials()


@pytest.mark.slow
def test_killed_worker_resumes_without_redoing_finished_runs(tmp_path, toy_env):
    storage = f"sqlite:///{tmp_path / 'runs.db'}"
    # 6 runs of 6 epochs at 0.05 s an epoch: kill the process in the middle of its third run
    p = _start(storage, "kill", 1, 2, *SPECS, sleep="0.05")
    _wait_for(lambda: len(toy_env("end")) >= 2 and len(toy_env("start")) >= 3)
    time.sleep(0.1)
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    assert p.returncode == -signal.SIGKILL
    before = _trials(storage, "kill")
    finished = {t.user_attrs[KEY_ATTR] for t in before if t.state == TS.COMPLETE}
    running = [t for t in before if t.state == TS.RUNNING]
    assert len(finished) >= 2 and len(running) == 1  # the killed run was left RUNNING by the dead process
    assert is_alive(running[0].system_attrs["lrkit:worker"]) is False
    ends_before = Counter((r[1], r[2]) for r in toy_env("end"))

    q = _start(storage, "kill", 1, 2, *SPECS)
    out, err = q.communicate(timeout=120)
    assert q.returncode == 0, err
    assert "DONE 6" in out
    after = _trials(storage, "kill")
    complete = [t for t in after if t.state == TS.COMPLETE]
    assert sorted(t.user_attrs[KEY_ATTR] for t in complete) == sorted(f"{s} #seed={k}" for s in SPECS for k in (0, 1))
    # the dead run was failed and done again; no finished run was redone
    killed = [t for t in after if t.number == running[0].number][0]
    assert killed.state == TS.FAIL and killed.system_attrs["lrkit:failed"] == "worker process died"
    ends = Counter((r[1], r[2]) for r in toy_env("end"))
    assert all(n == 1 for n in ends.values()) and len(ends) == 6
    for run in ends_before:
        assert ends[run] == 1
    starts = Counter((r[1], r[2]) for r in toy_env("start"))
    key = running[0].user_attrs
    assert starts[(key["label"], str(key["seed"]))] == 2  # the interrupted run started again
    assert sum(starts.values()) == 7


@pytest.mark.slow
def test_killed_worker_process_inside_a_parallel_compare_is_replaced(tmp_path, toy_env):
    """SIGKILL one of the spawned workers: the comparison still finishes every run exactly once."""
    storage = f"sqlite:///{tmp_path / 'runs.db'}"
    p = _start(storage, "kill2", 2, 2, *SPECS[:2], sleep="0.1")
    _wait_for(lambda: len(toy_env("start")) >= 2)
    victim = int(toy_env("start")[0][3])
    assert victim != p.pid
    os.kill(victim, signal.SIGKILL)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    ends = Counter((r[1], r[2]) for r in toy_env("end"))
    assert len(ends) == 4 and set(ends.values()) == {1}
    complete = [t for t in _trials(storage, "kill2") if t.state == TS.COMPLETE]
    assert len(complete) == 4


def _two_processes_share_one_study(storage, toy_env):
    study = f"share-{uuid.uuid4().hex[:8]}"
    a = _start(storage, study, 1, 3, *SPECS, sleep="0.03")
    b = _start(storage, study, 1, 3, *SPECS, sleep="0.03")
    outs = [p.communicate(timeout=180) for p in (a, b)]
    for p, (out, err) in zip((a, b), outs):
        assert p.returncode == 0, err
        assert "DONE 9" in out
    ends = toy_env("end")
    per_run = Counter((r[1], r[2]) for r in ends)
    assert len(per_run) == 9 and set(per_run.values()) == {1}  # every run done exactly once
    by_pid = Counter(r[3] for r in ends)
    assert set(by_pid) == {str(a.pid), str(b.pid)}  # and the two processes split them
    trials = _trials(storage, study)
    complete = Counter(t.user_attrs[KEY_ATTR] for t in trials if t.state == TS.COMPLETE)
    assert len(complete) == 9 and set(complete.values()) == {1}
    return by_pid


@pytest.mark.slow
def test_two_processes_share_one_sqlite_study(tmp_path, toy_env):
    _two_processes_share_one_study(f"sqlite:///{tmp_path / 'runs.db'}", toy_env)


PG_URL = os.environ.get("LRKIT_TEST_PG_URL")


@pytest.mark.slow
@pytest.mark.skipif(not PG_URL, reason="LRKIT_TEST_PG_URL is not set: start a server with .ci/start-postgres "
                                       "and export LRKIT_TEST_PG_URL=<the URL it prints> (.ci/run does)")
def test_two_processes_share_one_postgresql_study(toy_env):
    _two_processes_share_one_study(PG_URL, toy_env)


def test_storage_that_cannot_be_opened_is_one_clear_error(tmp_path):
    with pytest.raises(lk.LRKitError, match=r"storage: cannot open postgresql://u:\*\*\*@127.0.0.1:1/db: "):
        open_storage("postgresql://u:secret@127.0.0.1:1/db")
    with pytest.raises(lk.LRKitError, match="folder .* does not exist"):
        open_storage(str(tmp_path / "no" / "runs.db"))
    with pytest.raises(lk.LRKitError, match="storage: cannot open nosuchdb://x"):
        open_storage("nosuchdb://x")


def test_worker_identity_and_liveness():
    me = worker_identity()
    assert is_alive(me) is True
    assert is_alive(dict(me, start="0")) is False  # same pid, another process (pid reused)
    assert is_alive(dict(me, host="elsewhere")) is None  # other hosts: left to the heartbeat
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    assert is_alive({"host": me["host"], "pid": p.pid, "start": None}) is False
    assert redact("postgresql://a:b@h/d") == "postgresql://a:***@h/d"


def test_a_trial_no_worker_signed_is_failed_after_the_grace_period(tmp_path, monkeypatch):
    # A worker killed between study.ask() and signing the trial leaves it running with neither a worker
    # nor a heartbeat; reap_dead fails it once it is older than GRACE_S (a trial just asked is left alone).
    from lrkit.experiments import storage as st

    study = optuna.create_study(study_name="s", storage=open_storage(f"sqlite:///{tmp_path / 's.db'}"))
    t = study.ask()
    assert st.reap_dead(study) == []
    assert study.get_trials()[0].state == TS.RUNNING
    monkeypatch.setattr(st, "GRACE_S", -1.0)
    assert st.reap_dead(study) == [t.number]
    assert study.get_trials()[0].state == TS.FAIL
