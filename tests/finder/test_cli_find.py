"""`lrkit find --task NAME`: suggestions as text and JSON, plot and saved result, clear errors."""

import json

import pytest

from lrkit.cli import main
from lrkit.finder import FinderResult


@pytest.mark.slow
def test_find_json_plot_and_save(tmp_path, capsys):
    png, saved = tmp_path / "f.png", tmp_path / "f.json"
    assert main(["find", "--task", "digits-mlp", "--json", "-o", str(png), "--save", str(saved)]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["task"] == "digits-mlp" and d["optimizer"] == "sgd"
    assert d["suggested_lr"] == d["suggestions"]["lrkit"] and 1e-3 < d["suggested_lr"] < 1
    assert d["range"][0] < d["range"][1] and d["trustworthy"] and d["sweep_note"] is None
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert FinderResult.load(saved).suggest() == pytest.approx(d["suggested_lr"])


def test_find_text_output_with_another_optimizer(capsys):
    assert main(["find", "--task", "digits-mlp", "--optimizer", "adamw", "--num-iter", "60"]) == 0
    out = capsys.readouterr().out
    assert "LR range test on digits-mlp (adamw, seed 0)" in out and "<- suggested" in out and "range" in out
    assert "note:" not in out  # 60 steps over 8 decades (7.4 per decade) is a measured density


def test_find_notes_a_sweep_denser_than_the_rule_was_measured_on(capsys):
    assert main(["find", "--task", "digits-mlp", "--num-iter", "320"]) == 0
    out = capsys.readouterr().out
    assert "note: the lrkit rule was measured on sweeps of 7.4-19.9 iterations per decade" in out
    assert "this one has 39.9" in out


def test_find_bad_input_is_one_line(capsys):
    assert main(["find", "--task", "digits"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lrkit find: error: unknown task 'digits'; known tasks:") and err.count("\n") == 1
    assert main(["find", "--task", "digits-mlp", "--num-iter", "5"]) == 2
    assert "num_iter must be a whole number >= 10, got 5" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["-o", "{tmp}/f.weird"], "-o/--output must end in .png, .svg, .pdf"),
    (["-o", "{tmp}/missing/f.png"], "-o/--output: the folder of the output file does not exist"),
    (["--save", "{tmp}/missing/f.json"], "--save: the folder of the output file does not exist"),
])
def test_find_bad_output_path_fails_before_the_sweep(tmp_path, capsys, argv, message):
    argv = [a.format(tmp=tmp_path) for a in argv]
    assert main(["find", "--task", "digits-mlp", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_find_shows_the_confidence_and_each_adaptation(capsys):
    assert main(["find", "--task", "digits-mlp", "--start-lr", "1e-7", "--end-lr", "1e-5"]) == 0
    out = capsys.readouterr().out
    assert "300 steps, stopped: completed" in out
    assert "  adapted: no descent in 100 steps: swept 1e-07..1e-05 again from the same start in 300 steps" in out
    assert "  confidence low\n    - no descent:" in out and out.count("the lrkit rule was measured on") == 1
    assert main(["find", "--task", "digits-mlp", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["confidence"] == "high" and d["confidence_reasons"] == [] and d["adaptations"] == []
    assert d["stop_rule"] == "diverge_th"


def test_find_quick_confirm_always_and_never(capsys):
    argv = ["find", "--task", "digits-mlp", "--num-iter", "60", "--end-lr", "1"]
    assert main([*argv, "--quick-confirm", "always", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["probe"]["best_lr"] == d["suggested_lr"] == d["suggestions"]["confirmed"]
    assert d["adaptations"][-1].startswith("confirmed by short runs:")
    assert main([*argv, "--quick-confirm", "always"]) == 0
    out = capsys.readouterr().out
    assert "  confirmed " in out and out.count("<- suggested") == 1 and "<- suggested" in out.split("confirmed ")[-1]
    assert main([*argv, "--quick-confirm", "never", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["probe"] is None and d["suggested_lr"] == d["suggestions"]["lrkit"]
    with pytest.raises(SystemExit) as e:  # argparse's own choices error
        main([*argv, "--quick-confirm", "maybe"])
    assert e.value.code == 2
