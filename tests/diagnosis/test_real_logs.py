"""lrkit diagnose on real logs: HF Trainer, Lightning CSVLogger and TensorBoard from a torch loop,
one run per injected bug and healthy twins; each finding fires on its bug and nothing on a healthy run."""

import json

import pytest
from _diagnose_logs import FRAMEWORKS, RUNS

import lrkit as lk
from lrkit.cli import main

pytestmark = pytest.mark.slow   # the session fixture trains 24 tiny runs (~30 s)


@pytest.fixture(scope="session")
def real_logs(tmp_path_factory):
    """``{(framework, run): folder}``, written once per test session by really training the built-in tasks."""
    from _diagnose_logs import make_logs

    return make_logs(tmp_path_factory.mktemp("diagnose-logs"))

# the finding each bug must produce, per framework
EXPECTED = {
    "healthy": set(),
    "postln_healthy": set(),
    "cosine_epochs": {"LR028"},
    "plateau_unfed": {"LR026", "LR032"},     # HF: no evaluation in that run, so no LR032
    "resume_restart": {"LR027"},
    "onecycle_10x": {"LR031"},
    "postln_nowarmup": {"LR033"},
    "never_stepped": {"LR026"},
}
# what else the logs honestly show: Lightning restored a stripped checkpoint into a fresh chainable
# scheduler, which rescaled the LR up to 55x its peak and made the loss spike (LR031) after the jump (LR027)
EXTRA = {("lightning", "resume_restart"): {"LR031"}}


def _expected(fw, run):
    want = set(EXPECTED[run])
    if fw == "hf" and run == "plateau_unfed":
        want.discard("LR032")
    return want | EXTRA.get((fw, run), set())


@pytest.mark.parametrize("run", list(RUNS))
@pytest.mark.parametrize("fw", FRAMEWORKS)
def test_each_bug_fires_its_finding_and_healthy_runs_none(real_logs, fw, run):
    result = lk.diagnose(real_logs[(fw, run)])
    assert len(result.runs) == 1
    codes = {f.code for f in result.findings}
    assert codes == _expected(fw, run), (fw, run, [(f.code, f.step, f.symptom) for f in result.findings])
    assert result.exit_code == (1 if codes else 0)


@pytest.mark.parametrize("fw", FRAMEWORKS)
def test_healthy_schedules_are_identified(real_logs, fw):
    # SequentialLR(LinearLR(0.01, 16), CosineAnnealingLR(144)) over 160 steps
    sched = lk.diagnose(real_logs[(fw, "healthy")]).runs[0].schedule
    assert sched["source"] == "identified"
    assert sched["spec"] == "warmup(16, start_factor=0.01) >> cosine"
    assert sched["max_error"] < 0.01 and sched["total_steps"] == 160
    one = lk.diagnose(real_logs[(fw, "onecycle_10x")]).runs[0].schedule
    assert one["spec"] == "onecycle(max_lr=4, pct_start=0.3)"


def test_findings_carry_step_evidence_causes_and_fix(real_logs):
    run = lk.diagnose(real_logs[("hf", "resume_restart")]).runs[0]
    [f] = run.findings
    assert f.code == "LR027" and f.step == 81            # resumed at step 80 with a fresh scheduler
    assert f.evidence["lr_after"] == pytest.approx(0.001) and f.evidence["replays_from_step"] == 1
    assert "scheduler's state" in f.causes[0]
    assert f.fix["spec"] and "lrkit.torch.LRScheduler(optimizer" in f.fix["lrkit"] and "load_state_dict" in f.fix["torch"]


def test_plan_comparison_on_real_logs(real_logs):
    # the resumed run against its plan: the plan restarts at step 81
    planned = "warmup(16, start_factor=0.01) >> cosine"
    run = lk.diagnose(real_logs[("tensorboard", "resume_restart")], spec=planned, total_steps=160).runs[0]
    assert "LR036" in {f.code for f in run.findings}
    assert run.schedule == {"spec": planned, "source": "planned", "total_steps": 160, "base_lr": None}
    # a healthy run follows its plan: nothing
    assert lk.diagnose(real_logs[("hf", "healthy")], spec=planned, total_steps=160, base_lr=0.1).findings == []
    # ... and a plan with another base LR is off by a constant factor
    off = lk.diagnose(real_logs[("hf", "healthy")], spec=planned, total_steps=160, base_lr=0.05).findings
    assert [(f.code, f.evidence["factor"]) for f in off] == [("LR034", 2.0)]
    # the cosine sized in epochs but stepped per batch, against a cosine over the whole run
    fast = lk.diagnose(real_logs[("lightning", "cosine_epochs")], spec="cosine", total_steps=160).findings
    assert {"LR028", "LR038"} <= {f.code for f in fast}


def test_cli_json_shape_and_exit_codes(real_logs, capsys, tmp_path):
    folder = real_logs[("hf", "healthy")].parent           # every HF run: a folder of runs
    assert main(["diagnose", str(folder), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["runs"] and len(data["runs"]) == len(RUNS)
    for r in data["runs"]:
        assert list(r) == ["path", "steps", "findings", "schedule", "notes"]
        for f in r["findings"]:
            assert list(f) == ["code", "step", "symptom", "evidence", "causes", "fix"]
            assert isinstance(f["causes"], list) and set(f["fix"]) == {"spec", "lrkit", "torch", "text"}
    assert main(["diagnose", str(real_logs[("hf", "healthy")]), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["runs"][0]["findings"] == []
    png = tmp_path / "run.png"
    assert main(["diagnose", str(real_logs[("tensorboard", "onecycle_10x")]), "--plot", str(png)]) == 1
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    out = capsys.readouterr().out
    assert "LR031" in out and "logged LR vs step" not in out      # with --plot, no terminal sketch
