"""lrkit.compare on a real (tiny) training function: stored runs, resume, workers, errors."""

import json
import math

import numpy as np
import optuna
import pytest

import lrkit as lk
from lrkit.experiments.trials import KEY_ATTR
from lrkit.experiments.comparison import Comparison
from lrkit.experiments.stats import summarize, welch_p

import _toy

SCHEDULES = ["constant", "cosine", "warmup(8) >> cosine"]


def _study(path, name="lrkit-compare"):
    return optuna.load_study(study_name=name, storage=f"sqlite:///{path}")


@pytest.mark.slow
def test_compare_end_to_end_stores_every_run_and_writes_the_report(tmp_path, toy_env):
    out = tmp_path / "rep"
    res = lk.compare(_toy.train, SCHEDULES, seeds=3, metric="val_loss", out=out, progress=False,
                     epochs=_toy.EPOCHS, steps_per_epoch=_toy.SPE, base_lr=0.5)
    # every schedule x seed ran once, in one process
    assert sorted((r[1], r[2]) for r in toy_env("end")) == sorted((s, str(k)) for s in SCHEDULES for k in range(3))
    assert len(res.runs) == 9 and res.labels == SCHEDULES
    # the study holds the same numbers as the result
    study = _study(out / "runs.db")
    done = [t for t in study.get_trials() if t.state == optuna.trial.TrialState.COMPLETE]
    assert len(done) == 9
    for run in res.runs:
        t = next(t for t in done if t.user_attrs[KEY_ATTR] == f"{run['label']} #seed={run['seed']}")
        assert t.value == pytest.approx(run["final"]["val_loss"], rel=1e-12)
        assert t.intermediate_values == {e: h["val_loss"] for e, h in enumerate(run["history"], 1)}
        assert [h["epoch"] for h in run["history"]] == list(range(1, 7))
    # the result's numbers are the training function's: rerun one run by hand and compare
    by_hand = []
    _toy.train(lk.parse("cosine"), 1, lambda e, m: by_hand.append(m))
    run = next(r for r in res.runs if r["label"] == "cosine" and r["seed"] == 1)
    assert run["final"]["val_loss"] == pytest.approx(by_hand[-1]["val_loss"], rel=1e-12)
    # summary statistics are those of the per-seed values
    row = next(r for r in res.summary() if r["label"] == "constant")
    vals = [r["final"]["val_loss"] for r in res.runs if r["label"] == "constant"]
    assert row["final"]["mean"] == pytest.approx(np.mean(vals))
    assert row["final"]["std"] == pytest.approx(np.std(vals, ddof=1))
    # report files
    for name in ("report.md", "report.html", "results.json", "lr.png", "curve_val_loss.png", "final.png"):
        assert (out / name).stat().st_size > 0, name
    assert (out / "lr.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    data = json.loads((out / "results.json").read_text())
    assert len(data["runs"]) == 9 and data["metric"] == "val_loss" and data["mode"] == "min"
    assert {"label", "spec", "seed", "history", "final", "best"} <= set(data["runs"][0])
    md = (out / "report.md").read_text()
    assert res.table() in md and res.sentence() in md and "![" in md
    html = (out / "report.html").read_text()
    assert html.count("data:image/png;base64,") == 5  # lr, 3 metric curves, final: all inlined
    assert "src='lr.png'" not in html


@pytest.mark.slow
def test_rerun_resumes_without_redoing_finished_runs(tmp_path, toy_env):
    kw = dict(seeds=2, metric="val_loss", out=tmp_path, progress=False)
    first = lk.compare(_toy.train, SCHEDULES[:2], **kw)
    n = len(toy_env("start"))
    assert n == 4
    again = lk.compare(_toy.train, SCHEDULES[:2], **kw)
    assert len(toy_env("start")) == n  # nothing ran again
    assert [r["final"] for r in again.runs] == [r["final"] for r in first.runs]
    # adding a seed and a schedule runs only the new ones
    lk.compare(_toy.train, SCHEDULES, seeds=3, metric="val_loss", out=tmp_path, progress=False)
    new = sorted((r[1], r[2]) for r in toy_env("start")[n:])
    assert new == sorted([("constant", "2"), ("cosine", "2")] + [(SCHEDULES[2], str(s)) for s in range(3)])


@pytest.mark.slow
def test_two_worker_processes_split_the_runs(tmp_path, toy_env):
    res = lk.compare(_toy.train, SCHEDULES[:2], seeds=3, metric="val_acc", workers=2, out=tmp_path, progress=False)
    ends = toy_env("end")
    assert len(ends) == 6 and len({(r[1], r[2]) for r in ends}) == 6  # each run once
    assert len({r[3] for r in ends}) == 2  # done by two processes
    assert res.mode == "max" and len(res.runs) == 6


def test_history_returning_train_fn_and_schedule_objects(tmp_path):
    res = lk.compare(_toy.history_train, [lk.constant(), lk.cosine()], seeds=[3, 5], progress=False)
    assert [(r["label"], r["seed"]) for r in res.runs] == [("constant", 3), ("constant", 5), ("cosine", 3), ("cosine", 5)]
    assert all(len(r["history"]) == _toy.EPOCHS for r in res.runs)


def test_auto_is_resolved_once_recorded_and_reused(tmp_path):
    calls = []

    def finder():
        calls.append(1)
        return 0.8

    kw = dict(seeds=1, metric="val_loss", out=tmp_path, progress=False, auto_lr=finder)
    res = lk.compare(_toy.train, ["constant; lr=auto/4", "onecycle(max_lr=auto)"], **kw)
    assert calls == [1]
    a, b = res.runs
    assert (a["label"], a["spec"], a["lr"]) == ("constant; lr=auto/4", "constant", 0.2)
    assert b["spec"] == "onecycle(max_lr=0.8)" and b["lr"] is None and res.auto_lr == 0.8
    lk.compare(_toy.train, ["constant; lr=auto/4", "onecycle(max_lr=auto)"], **kw)
    assert calls == [1]  # stored with the study: the finder is not run again on resume


def test_stats_match_scipy_and_hand_values():
    from scipy import stats

    a, b = [0.95, 0.97, 0.96], [0.93, 0.94, 0.90]
    s = summarize(a)
    half = stats.t.ppf(0.975, 2) * np.std(a, ddof=1) / math.sqrt(3)
    assert s["ci95"] == pytest.approx([0.96 - half, 0.96 + half], rel=1e-12)
    assert half == pytest.approx(0.0248413771, rel=1e-8)  # t(0.975, 2) = 4.30265273 times 0.01/sqrt(3)
    assert welch_p(a, b) == pytest.approx(stats.ttest_ind(a, b, equal_var=False).pvalue, rel=1e-12)


def test_verdict_sentence_says_beyond_and_within_noise():
    def runs(label, vals):
        return [{"label": label, "seed": i, "spec": label, "lr": None, "history": [{"epoch": 1, "acc": v}],
                 "final": {"acc": v}, "best": {"acc": v}, "seconds": 1.0} for i, v in enumerate(vals)]

    c = Comparison(runs("a", [0.90, 0.91, 0.92]) + runs("b", [0.80, 0.81, 0.80]) + runs("c", [0.92, 0.90, 0.94]),
                   ["a", "b", "c"], metric="acc", mode="max")
    assert c.best_label == "c"
    text = c.sentence()
    assert "better than b" in text and "within seed noise" in text and "a (0.91" in text
    assert c.target == pytest.approx(np.mean([0.80, 0.81, 0.80]))
    assert "| `b` |" in c.table()


@pytest.mark.parametrize("kwargs, msg", [
    (dict(seeds=0), "seeds must be >= 1"),
    (dict(schedules=["cosin"]), "cosin"),
    (dict(schedules=["constant", "constant"]), "listed twice"),
    (dict(schedules=["cosine; lr=-1"]), "lr="),
    (dict(metric="val_loss", mode="up"), "mode must be"),
    (dict(workers=0), "workers must be"),
    (dict(storage="postgresql://nobody:x@127.0.0.1:1/none"), "storage: cannot open postgresql://nobody:***@"),
    (dict(schedules=["onecycle(max_lr=auto)"]), "auto"),
])
def test_bad_inputs_raise_one_clear_error(tmp_path, kwargs, msg):
    args = dict(schedules=["constant"], seeds=1, progress=False)
    args.update(kwargs)
    with pytest.raises(lk.LRKitError, match=msg.replace("*", r"\*").replace("(", r"\(")):
        lk.compare(_toy.train, args.pop("schedules"), **args)


def test_unwritable_out_dir(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(lk.LRKitError, match="out: cannot write to"):
        lk.compare(_toy.train, ["constant"], seeds=1, out=blocker / "sub", progress=False)


def test_user_errors_fail_the_run_and_propagate(tmp_path):
    with pytest.raises(ZeroDivisionError, match="the user's bug"):
        lk.compare(_toy.broken_train, ["constant"], seeds=1, out=tmp_path, progress=False)
    study = _study(tmp_path / "runs.db")
    (t,) = study.get_trials()
    assert t.state == optuna.trial.TrialState.FAIL and "ZeroDivisionError" in t.system_attrs["lrkit:failed"]
    with pytest.raises(lk.LRKitError, match="did not report the metric 'val_f1'"):
        lk.compare(_toy.train, ["constant"], seeds=1, metric="val_f1", progress=False)


def test_a_study_of_another_kind_is_not_resumed(tmp_path):
    lk.compare(_toy.train, ["constant"], seeds=1, out=tmp_path, progress=False)
    with pytest.raises(lk.LRKitError, match="was made with metric='val_loss'"):
        lk.compare(_toy.train, ["constant"], seeds=1, out=tmp_path, metric="val_acc", progress=False)
