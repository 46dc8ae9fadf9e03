"""The evidence page: numbers from the store, resuming, claim selection, bad input, the verdict rule."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lrkit.cli import main
from lrkit.errors import LRKitError
from lrkit.experiments.evidence import measure, run, select_claims, status, verdict, welch_interval
from lrkit.experiments.evidence_claims import CLAIMS, get_claim
from lrkit.experiments.evidence_page import regenerate

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from _tiny import OTHER, SLOW, TINY  # noqa: E402


def _row(page: str, label: str) -> list[str]:
    """The cells of the claim table's row (the one naming ``label`` as the claim arm)."""
    for line in page.splitlines():
        if line.startswith("| digits-mlp") and f"`{label}`" in line:
            return [c.strip() for c in line.strip("|").split("|")]
    raise AssertionError(f"no row for {label} in the page")


def _stored(db: Path, label: str, metric: str = "test_acc") -> list[float]:
    """The final ``metric`` of every complete run of ``label`` (seeds 0, 1), read with plain SQL."""
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT t.trial_id, a.value_json FROM trials t JOIN trial_user_attributes a ON a.trial_id = t.trial_id "
        "WHERE t.state = 'COMPLETE' AND a.key = 'lrkit:key' AND a.value_json IN (?, ?)",
        (json.dumps(f"{label} #seed=0"), json.dumps(f"{label} #seed=1"))).fetchall()
    out = []
    for tid, _ in rows:
        (final,) = con.execute("SELECT value_json FROM trial_user_attributes WHERE trial_id = ? AND key = 'final'",
                               (tid,)).fetchone()
        out.append(json.loads(final)[metric])
    con.close()
    return out


def _set_stored(db: Path, label: str, seed: int, value: float) -> None:
    con = sqlite3.connect(db)
    (tid,) = con.execute("SELECT t.trial_id FROM trials t JOIN trial_user_attributes a ON a.trial_id = t.trial_id "
                         "WHERE t.state = 'COMPLETE' AND a.key = 'lrkit:key' AND a.value_json = ?",
                         (json.dumps(f"{label} #seed={seed}"),)).fetchone()
    (final,) = con.execute("SELECT value_json FROM trial_user_attributes WHERE trial_id = ? AND key = 'final'",
                           (tid,)).fetchone()
    f = json.loads(final)
    f["test_acc"] = value
    con.execute("UPDATE trial_user_attributes SET value_json = ? WHERE trial_id = ? AND key = 'final'",
                (json.dumps(f), tid))
    con.commit()
    con.close()


def test_the_table_is_read_from_the_store(tmp_path):
    db, page = tmp_path / "ev.db", tmp_path / "docs" / "evidence.md"
    got = regenerate(None, str(db), page, claims=[TINY], runtime=tmp_path / "rt.json")
    assert got["missing"] == [] and "tiny-gain" in got["trained"]
    s = got["results"][0].settings[0]
    text = page.read_text()
    cells = _row(text, s.claim_label)
    a, b = _stored(db, s.claim_label), _stored(db, s.base_label)
    assert len(a) == len(b) == 2
    assert cells[2].startswith(f"{100 * sum(a) / 2:.4g} [")  # the claim arm's mean test accuracy, in %
    assert cells[4].startswith(f"{100 * sum(b) / 2:.4g} [")
    assert cells[5].startswith(f"{100 * (sum(a) - sum(b)) / 2:+.2f} [")  # the effect
    assert (tmp_path / "docs" / "img" / "evidence_tiny-gain.png").stat().st_size > 5000
    assert json.loads((tmp_path / "rt.json").read_text())["claims"]["tiny-gain"]["wall_s"] > 0

    # change the store: the page follows, without training anything
    _set_stored(db, s.claim_label, 0, 0.5)
    _set_stored(db, s.claim_label, 1, 0.25)
    again = regenerate(None, str(db), page, claims=[TINY], figures=False)
    assert again["trained"] == {}
    cells = _row(page.read_text(), s.claim_label)
    assert cells[2].startswith("37.5 [")
    assert cells[5].startswith(f"{37.5 - 100 * sum(b) / 2:+.2f} [")
    assert again["results"][0].settings[0].status in ("fails", "unclear")  # the claim arm now loses


def test_claim_selection_trains_only_that_claim_and_reads_the_rest(tmp_path):
    db, page = str(tmp_path / "ev.db"), tmp_path / "evidence.md"
    got = regenerate(["tiny-step"], db, page, claims=[TINY, OTHER], figures=False)
    assert set(got["trained"]) == {"tiny-step"} and got["missing"] == ["tiny-gain"]
    text = page.read_text()
    assert '<a id="tiny-step"></a>' in text and '<a id="tiny-gain"></a>' not in text
    assert "python bench/evidence.py --claim tiny-step" in text
    got = regenerate(["tiny-gain"], db, page, claims=[TINY, OTHER], figures=False)
    assert set(got["trained"]) == {"tiny-gain"} and got["missing"] == []
    assert '<a id="tiny-step"></a>' in page.read_text() and '<a id="tiny-gain"></a>' in page.read_text()
    # --rerun deletes the claim's studies and trains it again
    got = regenerate(["tiny-step"], db, page, claims=[TINY, OTHER], figures=False, rerun=True)
    assert set(got["trained"]) == {"tiny-step"}


@pytest.mark.slow
def test_an_interrupted_run_resumes_without_redoing_finished_runs(tmp_path):
    db = tmp_path / "ev.db"
    p = subprocess.Popen([sys.executable, str(HERE / "_tiny.py"), str(db)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)

    def complete() -> list:
        try:
            con = sqlite3.connect(db, timeout=1)
            rows = con.execute("SELECT trial_id, number FROM trials WHERE state = 'COMPLETE'").fetchall()
            con.close()
            return rows
        except sqlite3.OperationalError:
            return []

    deadline = time.time() + 120
    while len(complete()) < 3:
        assert p.poll() is None, p.communicate()
        assert time.time() < deadline
        time.sleep(0.05)
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    before = set(complete())
    assert 3 <= len(before) < 12  # 3 LRs x 2 arms x 1 seed + 2 arms x 3 seeds = 12 runs
    r = measure(SLOW, str(db))  # the same call again resumes
    after = set(complete())
    assert before <= after and len(after) == 12  # every finished run kept, each run complete once
    assert r.settings[0].comparison.values(r.settings[0].claim_label)


_STORES = ["sqlite"] + (["postgresql"] if os.environ.get("LRKIT_TEST_PG_URL") else [])


@pytest.mark.slow
@pytest.mark.parametrize("kind", _STORES)
def test_two_processes_share_one_store(tmp_path, kind):
    """Two evidence processes on one store (SQLite here; PostgreSQL where CI provides it): every run once."""
    from lrkit.experiments.evidence import delete_studies
    from lrkit.experiments.storage import open_storage

    store = str(tmp_path / "ev.db") if kind == "sqlite" else os.environ["LRKIT_TEST_PG_URL"]
    delete_studies([SLOW], store)
    procs = [subprocess.Popen([sys.executable, str(HERE / "_tiny.py"), store], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
    done = [out.strip().splitlines()[-1] for out, _ in outs]
    assert done[0].startswith("DONE") and done[0] == done[1]  # both read the same runs, the same numbers
    import optuna

    study = optuna.load_study(study_name=SLOW.settings[0].study, storage=open_storage(store))
    keys = [t.user_attrs["lrkit:key"] for t in study.get_trials(deepcopy=False)
            if t.state == optuna.trial.TrialState.COMPLETE]
    assert len(keys) == 12 and len(set(keys)) == 12


def test_unknown_claim_is_one_clear_error():
    with pytest.raises(LRKitError) as e:
        select_claims(["warmup"])
    msg = str(e.value)
    assert "'warmup'" in msg and "warmup-transformers" in msg and "step-vs-cosine" in msg
    assert [c.name for c in select_claims(None)] == [c.name for c in CLAIMS]
    with pytest.raises(LRKitError, match="unknown claim 'nope'"):
        run(["nope"], "unused.db")


def test_cli_unknown_claim_exits_2_before_opening_the_store(tmp_path, capsys):
    db = tmp_path / "ev.db"
    rc = main(["evidence", "--claim", "nope", "--storage", str(db), "--page", str(tmp_path / "e.md")])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.count("\n") == 1 and "unknown claim 'nope'" in err and "known claims: scheduling-gain" in err
    assert not db.exists() and not (tmp_path / "e.md").exists()
    assert main(["evidence", "--workers", "0", "--storage", str(db)]) == 2


def test_the_registry_holds_the_twelve_claims_with_enough_seeds():
    names = {c.name for c in CLAIMS}
    assert len(CLAIMS) >= 12 and len(names) == len(CLAIMS)
    for c in CLAIMS:
        assert c.statement and c.measured and c.title
        for s in c.settings:
            assert s.seeds >= 5, (c.name, s)
            assert s.fixed_lr is not None or len(s.lrs) >= 3 or all("lr=" in a for a in c.claim + c.base)
            assert not set(s.select_seeds) & set(range(s.seeds))  # choosing and measuring never share a seed
    assert get_claim("onecycle-max-lr").claim == ("onecycle(max_lr=auto*10)",)


@pytest.mark.parametrize("kind, margin, low, high, want", [
    ("better", 0.0, 0.1, 2.0, "holds"), ("better", 0.0, -0.1, 2.0, "unclear"), ("better", 0.0, -2.0, -0.1, "fails"),
    ("better", 2.0, 0.5, 1.5, "fails"), ("better", 2.0, 1.5, 3.0, "unclear"), ("better", 2.0, 2.1, 3.0, "holds"),
    ("noninferior", 1.0, -0.9, 0.5, "holds"), ("noninferior", 1.0, -1.5, 0.5, "unclear"),
    ("noninferior", 1.0, -3.0, -1.2, "fails"),
    ("equivalent", 1.0, -0.5, 0.9, "holds"), ("equivalent", 1.0, -0.5, 1.2, "unclear"),
    ("equivalent", 1.0, 1.0, 2.0, "fails"), ("equivalent", 1.0, -2.0, -1.0, "fails"),
    ("better", 0.0, float("nan"), float("nan"), "unclear"),
])
def test_the_verdict_rule(kind, margin, low, high, want):
    assert status(kind, margin, low, high) == want


def test_verdict_combines_settings_and_welch_interval_matches_scipy():
    from scipy import stats

    assert verdict(["holds"]) == "holds" and verdict(["holds", "fails"]) == "holds only when"
    assert verdict(["unclear"]) == "not seen here" and verdict([]) == "not seen here"
    a, b = [0.91, 0.93, 0.92, 0.95, 0.9], [0.88, 0.9, 0.87, 0.91, 0.89]
    d, lo, hi = welch_interval(a, b)
    res = stats.ttest_ind(a, b, equal_var=False)
    ci = res.confidence_interval(0.95)
    assert d == pytest.approx(sum(a) / 5 - sum(b) / 5)
    assert (lo, hi) == (pytest.approx(ci.low), pytest.approx(ci.high))


@pytest.mark.slow
def test_the_committed_page_is_regenerated_from_the_committed_store(tmp_path):
    """docs/evidence.md is exactly what the committed store gives (read, never retrained), in seconds."""
    import shutil

    root = HERE.parents[1]
    results = root / "bench" / "results" / "evidence"
    con = sqlite3.connect(results / "evidence.db")  # a consistent copy, whatever state the file is in
    dst = sqlite3.connect(tmp_path / "evidence.db")
    con.backup(dst)
    dst.close()
    con.close()
    shutil.copy(results / "runtime.json", tmp_path / "runtime.json")
    t0 = time.perf_counter()
    got = regenerate(None, str(tmp_path / "evidence.db"), tmp_path / "evidence.md", figures=False,
                     runtime=tmp_path / "runtime.json")
    assert got["trained"] == {} and got["missing"] == []
    assert time.perf_counter() - t0 < 120
    assert (tmp_path / "evidence.md").read_text() == (root / "docs" / "evidence.md").read_text()
    # the CLI, one claim, from the same store: its table, no training, exit 0
    rc = main(["evidence", "--claim", "step-vs-cosine", "--storage", str(tmp_path / "evidence.db"),
               "--page", str(tmp_path / "one.md"), "--no-figures"])
    assert rc == 0
    one = (tmp_path / "one.md").read_text()
    section = one[one.index('<a id="step-vs-cosine"></a>'):]
    committed = (root / "docs" / "evidence.md").read_text()
    assert section.split("Reproduce")[0] == committed[committed.index('<a id="step-vs-cosine"></a>'):].split(
        "Reproduce")[0]
