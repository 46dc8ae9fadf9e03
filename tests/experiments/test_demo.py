"""The demo pipeline (`make demo`): finder -> four schedules x seeds -> report, on a cheap task."""

import json

import pytest

import lrkit as lk

from lrkit.cli import main
from lrkit.experiments.demo import DEMO_SCHEDULES, run_demo


@pytest.mark.slow
def test_demo_pipeline_writes_the_report(tmp_path):
    said = []
    res = run_demo(tmp_path, task="digits-mlp", seeds=2, epochs=2, workers=1, progress=False, say=said.append)
    for name in ("report.md", "report.html", "results.json", "finder.png"):
        assert (tmp_path / name).stat().st_size > 0, name
    runs = json.loads((tmp_path / "results.json").read_text())["runs"]
    assert len(runs) == len(DEMO_SCHEDULES) * 2
    lr, (lo, hi) = res.auto_lr, res.auto_range
    assert lo is None and 0 < lr < hi  # the demo uses auto.max, not auto.min
    # every schedule ran at the finder's suggestion, but one-cycle peaks at the top of its range (auto.max)
    for r in runs:
        if r["lr"] is not None:
            assert r["lr"] == pytest.approx(lr, rel=1e-4), r["spec"]
        else:
            assert r["label"] == "onecycle(max_lr=auto.max)"
            assert lk.parse(r["spec"]).max_lr == pytest.approx(hi, rel=1e-4), r["spec"]
    text = "\n".join(said)
    assert "suggestion:" in text and "report:" in text and "| schedule |" in text


def test_demo_help_and_bad_workers(capsys):
    with pytest.raises(SystemExit) as e:
        main(["demo", "--help"])
    assert e.value.code == 0 and "mnist1d-cnn" in capsys.readouterr().out
    assert main(["demo", "--workers", "0"]) == 2
    assert "--workers must be >= 1" in capsys.readouterr().err
