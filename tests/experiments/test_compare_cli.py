"""`lrkit compare` / `lrkit demo` bad inputs: one clear line on stderr, exit 2, no traceback."""

import pytest

from lrkit.cli import main


@pytest.mark.parametrize("argv, msg", [
    (["--task", "nope", "--schedules", "constant"], "unknown task"),
    (["--task", "digits-mlp", "--schedules", "cosin"], "cosin"),
    (["--task", "digits-mlp", "--schedules", "constant", "--seeds", "0"], "--seeds must be >= 1, got 0"),
    (["--task", "digits-mlp", "--schedules", "constant", "--storage", "postgresql://u:pw@127.0.0.1:1/x"],
     "storage: cannot open postgresql://u:***@127.0.0.1:1/x"),
])
def test_compare_bad_inputs(tmp_path, capsys, argv, msg):
    rc = main(["compare", *argv, "--out", str(tmp_path / "o"), "--epochs", "1", "--no-progress"])
    err = capsys.readouterr().err
    assert rc == 2
    assert msg.lower() in err.lower()
    assert "Traceback" not in err and err.startswith("lrkit compare: error:")


def test_compare_unwritable_out(tmp_path, capsys):
    f = tmp_path / "f"
    f.write_text("")
    rc = main(["compare", "--task", "digits-mlp", "--schedules", "constant", "--out", str(f / "x"), "--epochs", "1"])
    err = capsys.readouterr().err
    assert rc == 2 and "out: cannot write to" in err and len(err.strip().splitlines()) == 1


@pytest.mark.slow
def test_compare_cli_tiny_real_run(tmp_path, capsys):
    out = tmp_path / "rep"
    rc = main(["compare", "--task", "digits-mlp", "--schedules", "constant", "warmup(5%) >> cosine", "--seeds", "2",
               "--epochs", "2", "--out", str(out), "--no-progress"])
    assert rc == 0
    text = capsys.readouterr().out
    assert "| `constant` |" in text and "report:" in text
    assert (out / "report.html").is_file() and (out / "runs.db").is_file()
