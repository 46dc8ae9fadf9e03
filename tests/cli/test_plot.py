"""``lrkit plot``: terminal plot, files, key-point table, JSON, and its errors."""

import json
import math
import os
import shlex
import subprocess
import sys
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

import lrkit as lk
from lrkit.cli import main

SPEC = "warmup(5%) >> cosine(min_lr=1e-5)"


def test_terminal_plot_and_table(capsys):
    assert main(["plot", SPEC, "--steps", "1000", "--base-lr", "0.1"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "lr vs step  (base_lr=0.1)"
    assert max(len(line) for line in lines) <= 80
    assert any(0x2800 <= ord(ch) < 0x2900 for ch in out)
    table = lines[lines.index("warmup(5%) >> cosine(min_lr=1e-05)"):]
    assert table[1].split() == ["point", "step", "lr"]
    rows = [r.rsplit(None, 2) for r in table[2:]]
    assert [(r[0].strip(), int(r[1])) for r in rows] == [
        ("start", 0), ("warmup end", 50), ("middle", 500), ("last step", 999), ("end", 1000)]
    curve = lk.parse(SPEC).bind(total_steps=1000)
    for (_, step, lr) in rows:
        assert float(lr) == pytest.approx(curve(int(step), 0.1), rel=1e-5, abs=1e-12)


def test_json_key_points_and_all(capsys):
    assert main(["plot", SPEC, "--steps", "200", "--steps-per-epoch", "20", "--json", "--all"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total_steps"] == 200 and data["steps_per_epoch"] == 20 and data["base_lr"] == 1.0
    (item,) = data["schedules"]
    assert item["spec"] == "warmup(5%) >> cosine(min_lr=1e-05)"
    curve = lk.parse(SPEC).bind(total_steps=200, steps_per_epoch=20)
    assert item["lr"] == curve(np.arange(201), 1.0).tolist()
    assert [p["step"] for p in item["points"]] == [0, 10, 100, 199, 200]
    assert all(p["lr"] == item["lr"][p["step"]] for p in item["points"])
    assert [p["epoch"] for p in item["points"]] == [0, 0.5, 5, 9.95, 10]


def test_compare_json_and_sequence_boundaries(capsys):
    assert main(["plot", "warmup(10) >> constant(40, factor=0.5) >> cosine", "--steps", "100", "--json",
                 "--compare", "cosine", "0.5 * cosine"]) == 0
    data = json.loads(capsys.readouterr().out)
    specs = [s["spec"] for s in data["schedules"]]
    assert specs == ["warmup(10) >> constant(40, factor=0.5) >> cosine", "cosine",
                     "constant(factor=0.5) * cosine"]
    first = data["schedules"][0]["points"]
    assert [(p["label"], p["step"], p["lr"]) for p in first[:3]] == [
        ("start", 0, 0.0), ("warmup end", 10, 0.5), ("cosine start", 50, 1.0)]
    assert data["schedules"][2]["points"][0]["lr"] == 0.5


def test_compare_in_the_terminal(capsys):
    assert main(["plot", "cosine", "--steps", "100", "--compare", "constant(factor=0.5)", "--ascii"]) == 0
    out = capsys.readouterr().out
    assert "  * cosine" in out and "  o constant(factor=0.5)" in out
    headers = [line.split() for line in out.splitlines() if line.strip().startswith("point")]
    assert headers == [["point", "step", "lr"]] * 2  # one table per schedule


@pytest.mark.parametrize("ext", ["png", "svg"])
def test_file_output(tmp_path, capsys, ext):
    path = tmp_path / f"s.{ext}"
    assert main(["plot", SPEC, "--steps", "500", "-o", str(path), "--compare", "cosine", "--log"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"wrote {path}")
    assert "warmup end" in out  # the table is printed too
    assert path.stat().st_size > 1000
    if ext == "png":
        assert matplotlib.image.imread(path).ndim == 3


def test_per_epoch_table_has_epochs(capsys):
    assert main(["plot", "warmup(1ep) >> cosine", "--steps", "100", "--steps-per-epoch", "10", "--per", "epoch",
                 "--no-plot"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[1].split() == ["point", "step", "epoch", "lr"]
    assert lines[3].split() == ["warmup", "end", "10", "1", "1"]
    assert lines[-1].split() == ["end", "100", "10", "0"]


@pytest.mark.parametrize("argv, msg", [
    (["plot", "warmup(5%) >> cosin", "--steps", "100"], "unknown schedule 'cosin' — did you mean 'cosine'?"),
    (["plot", "cosine(min_lr=-1)", "--steps", "100"], "cosine: min_lr must be >= 0, got -1"),
    (["plot", "cosine", "--steps", "0"], "--steps must be >= 1, got 0"),
    (["plot", "cosine", "--steps", "10", "--per", "epoch"], "--per epoch needs --steps-per-epoch K"),
    (["plot", "warmup(2ep) >> cosine", "--steps", "10"], "is in epochs: pass steps_per_epoch"),
    (["plot", "warmup(20) >> cosine", "--steps", "10"], "take 20 steps, more than the run's 10"),
    (["plot", "cosine", "--steps", "10", "-o", "x.pdf"], "output file must end in .png or .svg"),
    (["plot", "cosine", "--steps", "10", "--all"], "--all goes with --json"),
    (["plot", "cosine", "--steps", "10", "--base-lr", "0"], "base_lr must be a finite number > 0, got 0.0"),
    (["plot", "cosine", "--steps", "10", "--width", "20"], "width must be a whole number >= 30"),
])
def test_user_mistakes_exit_2_with_one_message(capsys, argv, msg):
    assert main(argv) == 2
    err = capsys.readouterr().err
    first = err.splitlines()[0]
    assert first.startswith("lrkit plot: error: ") and msg in first
    assert "Traceback" not in err


def test_missing_steps_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as e:
        main(["plot", "cosine"])
    assert e.value.code == 2
    assert "--steps" in capsys.readouterr().err


def test_entry_point_subprocess(tmp_path):
    exe = Path(sys.executable).with_name("lrkit")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "lrkit"]
    env = dict(os.environ, MPLBACKEND="Agg")
    ok = subprocess.run(cmd + ["plot", SPEC, "--steps", "1000", "--json"], capture_output=True, text=True,
                        env=env, timeout=60)
    assert ok.returncode == 0, ok.stderr
    pts = json.loads(ok.stdout)["schedules"][0]["points"]
    assert pts[1] == {"label": "warmup end", "step": 50, "lr": 1.0}
    bad = subprocess.run(cmd + ["plot", "cosine(", "--steps", "10"], capture_output=True, text=True,
                         env=env, timeout=60)
    assert bad.returncode == 2 and bad.stderr.startswith("lrkit plot: error: ") and not bad.stdout


DOCS = Path(__file__).resolve().parents[2] / "docs"


def _doc_commands():
    text = (DOCS / "schedules.md").read_text()
    return [line for line in text.splitlines() if line.startswith("lrkit plot ")]


def test_every_figure_of_the_schedules_page_has_its_command_and_file():
    import re

    text = (DOCS / "schedules.md").read_text()
    images = re.findall(r"!\[[^]]*\]\((img/[^)]+)\)", text)
    outputs = [shlex.split(c)[shlex.split(c).index("-o") + 1] for c in _doc_commands() if " -o " in c]
    assert len(images) >= 17
    assert sorted("docs/" + i for i in images) == sorted(outputs)
    for i in images:
        assert (DOCS / i).stat().st_size > 1000, i


@pytest.mark.parametrize("command", _doc_commands())
def test_the_commands_under_the_figures_run(command, capsys):
    argv = shlex.split(command)[1:]
    if "-o" in argv:
        o = argv.index("-o")
        del argv[o:o + 2]  # same spec and run, key points as JSON instead of a file
    assert main(argv + ["--json"]) == 0
    assert json.loads(capsys.readouterr().out)["schedules"]


def test_token_budgets_convert_with_tokens_per_step(capsys):
    spec = "warmup(375Mtok) >> cosine(min_lr_ratio=0.1)"
    assert main(["plot", spec, "--steps", "30Btok", "--tokens-per-step", "4M", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total_steps"] == 7500 and data["tokens_per_step"] == 4_000_000
    pts = data["schedules"][0]["points"]
    # 375M / 4M = 93.75 updates: rounded up to 94, so the warmup covers 376M tokens
    assert [(p["label"], p["step"], p["tokens"]) for p in pts[:2]] == [("start", 0, 0), ("warmup end", 94, 376e6)]
    same = lk.parse("warmup(94) >> cosine(min_lr_ratio=0.1)").bind(total_steps=7500)
    assert [p["lr"] for p in pts] == [same(p["step"]) for p in pts]
    assert main(["plot", "warmup(50ksp) >> cosine", "--steps", "500ksp", "--samples-per-step", "1_000",
                 "--no-plot"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[1].split() == ["point", "step", "samples", "lr"]
    assert lines[3].split() == ["warmup", "end", "50", "50k", "1"]


@pytest.mark.parametrize("argv, msg", [
    (["plot", "warmup(375Mtok) >> cosine", "--steps", "1000"],
     "is in tokens: pass tokens_per_step=… to bind() (here: --tokens-per-step T)"),
    (["plot", "cosine", "--steps", "3Btok"], "--steps=3Btok is in tokens: pass --tokens-per-step"),
    (["plot", "warmup(5sp) >> cosine", "--steps", "100", "--tokens-per-step", "8"], "(here: --samples-per-step S)"),
    (["plot", "cosine", "--steps", "5%"], "--steps must be a whole number >= 1, or a budget in 'ep', 'tok' or 'sp'"),
])
def test_budget_mistakes_exit_2_naming_the_option(capsys, argv, msg):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[0].startswith("lrkit plot: error: ") and msg in err.splitlines()[0]


def test_bad_rate_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as e:
        main(["plot", "cosine", "--steps", "10", "--tokens-per-step", "0"])
    assert e.value.code == 2
    assert "--tokens-per-step: must be a number > 0 (4194304, 4M, 1.5k), got '0'" in capsys.readouterr().err


def test_other_hyperparameters_on_stacked_axes(capsys, tmp_path):
    argv = ["plot", "warmup(5%) >> cosine", "--steps", "200", "--base-lr", "3e-4",
            "--param", "weight_decay=linear(end_factor=0.1)", "--param-base", "weight_decay=0.1",
            "--param", "beta2=warmup(10, start_factor=0.96) >> constant", "--param-base", "beta2=0.99"]
    assert main(argv + ["--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    wd, b2 = data["params"]
    assert (wd["key"], wd["base"], b2["key"], b2["base"]) == ("weight_decay", 0.1, "beta2", 0.99)
    assert [(p["step"], p["lr"]) for p in wd["points"]][-1] == (200, pytest.approx(0.01, rel=1e-12))
    assert b2["points"][0]["lr"] == pytest.approx(0.9504, rel=1e-12)
    assert main(argv + ["--no-plot"]) == 0
    out = capsys.readouterr().out
    assert "weight_decay: linear(end_factor=0.1)" in out and "  point      step  weight_decay" in out
    assert main(argv + ["--height", "8"]) == 0
    assert "beta2 vs step  (beta2 at its base: 0.99)" in capsys.readouterr().out
    path = tmp_path / "hp.png"
    assert main(argv + ["-o", str(path)]) == 0
    assert matplotlib.image.imread(path).shape[0] > 500  # three stacked panels


@pytest.mark.parametrize("argv, msg", [
    (["--param", "weight_decay"], "--param must be KEY=SPEC"),
    (["--param", "lr=cosine"], "--param lr: the LR is the SPEC argument itself"),
    (["--param", "wd=cosine", "--param", "wd=linear"], "--param wd given twice"),
    (["--param", "wd=cosin"], "unknown schedule 'cosin'"),
    (["--param", "wd=cosine", "--param-base", "beta2=0.9"], "--param-base 'beta2=0.9' names no --param (given: wd)"),
    (["--param", "wd=cosine", "--param-base", "wd=0"], "--param-base must be KEY=X with X a number > 0"),
    (["--param", "wd=cosine", "--compare", "linear"], "choose --compare (other schedules for the LR) or --param"),
])
def test_param_mistakes_exit_2(capsys, argv, msg):
    assert main(["plot", "cosine", "--steps", "10"] + argv) == 2
    assert msg in capsys.readouterr().err.splitlines()[0]
