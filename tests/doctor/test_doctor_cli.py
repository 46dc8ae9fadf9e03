"""`lrkit doctor`: formats, exit codes, and the repository's own examples/."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lrkit.cli import build_parser, main
from lrkit.diagnostics import RULES

CORPUS = Path(__file__).parent / "corpus"
ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}


def run(capsys, *argv):
    rc = main(["doctor", *map(str, argv)])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_text_output_and_exit_1(capsys):
    rc, out, err = run(capsys, CORPUS / "lr003_wrong.py")
    assert rc == 1
    lines = out.splitlines()
    assert lines[0] == (f"{CORPUS / 'lr003_wrong.py'}:15:9: LR003 ReduceLROnPlateau `plateau` is never "
                        "given a metric, so it can never reduce the LR")
    assert lines[1].startswith("    why: ") and lines[2].startswith("    fix: ")
    assert "2 findings in 1 of 1 file" in err


def test_concise_and_exit_0(capsys):
    rc, out, _ = run(capsys, "--concise", CORPUS / "lr003_wrong.py")
    assert rc == 1 and len(out.splitlines()) == 2
    rc, out, err = run(capsys, CORPUS / "lr003_right.py")
    assert rc == 0 and out == "" and "no findings in 1 file" in err


def test_json_output(capsys):
    rc, out, _ = run(capsys, "--format", "json", CORPUS / "lr006_wrong.py")
    data = json.loads(out)["findings"]
    assert rc == 1 and [d["code"] for d in data] == ["LR006", "LR006"]
    for d in data:
        assert {"code", "path", "line", "col", "message", "fix", "why", "severity"} <= set(d)
    assert (data[0]["line"], data[0]["col"]) == (12, 57)


def test_sarif_output_is_sarif_2_1_0(capsys):
    rc, out, _ = run(capsys, "--format", "sarif", CORPUS / "lr010_wrong.py", CORPUS / "lr004_right.py")
    log = json.loads(out)
    assert rc == 1 and log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    (run_,) = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "lrkit-doctor" and [r["id"] for r in driver["rules"]] == list(RULES)
    for r in driver["rules"]:
        assert r["shortDescription"]["text"] and r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert len(run_["results"]) == 2
    for res in run_["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"] == "LR010"
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"].endswith("lr010_wrong.py")
        assert loc["region"]["startLine"] in (17, 27) and loc["region"]["startColumn"] >= 1
        assert res["level"] == "error" and res["message"]["text"]


def test_select_ignore_flags(capsys):
    rc, out, _ = run(capsys, "--format", "json", "--ignore", "LR010", CORPUS / "lr010_wrong.py")
    assert rc == 0 and json.loads(out) == {"findings": [], "errors": []}
    rc, out, _ = run(capsys, "--format", "json", "--select", "LR010", CORPUS)
    assert rc == 1 and {d["code"] for d in json.loads(out)["findings"]} == {"LR010"}


def test_usage_errors_exit_2(capsys, tmp_path):
    rc, _, err = run(capsys, tmp_path / "missing.py")
    assert rc == 2 and "no such file or directory" in err
    rc, _, err = run(capsys, "--select", "LR999", CORPUS / "lr001_right.py")
    assert rc == 2 and "lrkit doctor: error: --select: unknown rule code 'LR999'; known: LR001, " in err
    bad = tmp_path / "bad.py"
    bad.write_text("def f(:\n")
    rc, out, err = run(capsys, bad, CORPUS / "lr003_wrong.py")
    assert rc == 2 and "bad.py:1:" in err and "cannot parse" in err
    assert "LR003" in out  # the readable files are still reported
    with pytest.raises(SystemExit) as e:
        main(["doctor", "--format", "xml", str(bad)])
    assert e.value.code == 2


def test_verbose_prints_notes(capsys):
    rc, _, err = run(capsys, "--verbose", CORPUS / "dynamic_right.py")
    assert rc == 0 and "could not determine" in err


def test_repository_examples_are_clean(capsys):
    examples = ROOT / "examples"
    assert any(examples.rglob("*.py"))
    rc, out, err = run(capsys, examples)
    assert rc == 0, out + err


# --- bad input: a clear error, nothing lost ------------------------------------------------------------------

def _broken_dir(tmp_path):
    shutil.copy(CORPUS / "lr003_wrong.py", tmp_path / "a.py")
    (tmp_path / "b.py").write_text("def f(:\n")
    (tmp_path / "c.ipynb").write_text('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": "oops"}')
    return tmp_path


def test_unreadable_files_are_error_entries_in_json(capsys, tmp_path):
    rc, out, err = run(capsys, "--format", "json", _broken_dir(tmp_path))
    data = json.loads(out)
    assert rc == 2 and [d["code"] for d in data["findings"]] == ["LR003", "LR003"]
    assert [(Path(e["path"]).name, e["line"], e["message"]) for e in data["errors"]] == [
        ("b.py", 1, "cannot parse: invalid syntax"),
        ("c.ipynb", None, "not a valid notebook: 'cells' must be a list of cell objects, got str")]
    assert "b.py:1:7: cannot parse" in err


def test_unreadable_files_are_tool_execution_notifications_in_sarif(capsys, tmp_path):
    rc, out, _ = run(capsys, "--format", "sarif", _broken_dir(tmp_path))
    (run_,) = json.loads(out)["runs"]
    (inv,) = run_["invocations"]
    assert rc == 2 and inv["executionSuccessful"] is False and len(run_["results"]) == 2
    notes = inv["toolExecutionNotifications"]
    assert [n["level"] for n in notes] == ["error", "error"]
    assert notes[0]["message"]["text"].endswith("b.py:1:7: cannot parse: invalid syntax")
    assert notes[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 7}
    assert notes[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("c.ipynb")
    assert run_["tool"]["driver"]["notifications"][notes[0]["descriptor"]["index"]]["id"] == "input-error"
    rc, out, _ = run(capsys, "--format", "sarif", CORPUS / "lr003_right.py")
    assert rc == 0 and json.loads(out)["runs"][0]["invocations"] == [
        {"executionSuccessful": True, "toolExecutionNotifications": []}]


def test_text_summary_never_says_no_findings_for_an_unchecked_file(capsys, tmp_path):
    (tmp_path / "ok.py").write_text("print('fine')\n")
    (tmp_path / "nb.ipynb").write_text('{"nbformat": 4, "cells": [{"cell_type": "code"}]}')
    rc, out, err = run(capsys, tmp_path)
    assert rc == 2 and out == ""
    assert "no findings" not in err
    assert err.splitlines()[-1] == "0 findings in 1 checked file; 1 file could not be checked"
    assert "nb.ipynb:cell 1: not a valid notebook: a cell's 'source'" in err


def test_invalid_notebook_alone_is_exit_2_not_silent_0(capsys, tmp_path):
    p = tmp_path / "nb.ipynb"
    p.write_text('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": "oops"}')
    rc, _, err = run(capsys, p)
    assert rc == 2 and "'cells' must be a list" in err and "1 file could not be checked" in err


def test_latin1_script_is_checked_not_refused(capsys, tmp_path):
    p = tmp_path / "latin.py"
    p.write_bytes(b"# -*- coding: latin-1 -*-\n# \xe9poques\n" + (CORPUS / "lr003_wrong.py").read_bytes())
    rc, out, err = run(capsys, "--concise", p)
    assert rc == 1 and out.count("LR003") == 2 and "could not be checked" not in err


def test_output_into_a_closed_pipe_ends_quietly(tmp_path):
    # `lrkit doctor --format json dir/ | head`: the reader stops early; no BrokenPipeError traceback
    for i in range(150):
        shutil.copy(CORPUS / "lr003_wrong.py", tmp_path / f"s{i:03}.py")
    for argv in (["--format", "json"], []):
        proc = subprocess.Popen([sys.executable, "-m", "lrkit", "doctor", *argv, str(tmp_path)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
        head = proc.stdout.read(200)
        proc.stdout.close()   # what `head` does once it has its lines
        err = proc.stderr.read().decode()
        rc = proc.wait(timeout=120)
        assert head and "Traceback" not in err and "BrokenPipeError" not in err, err
        assert rc == 1, err
    shell = subprocess.run(f"'{sys.executable}' -m lrkit doctor --format json '{tmp_path}' | head -n 3",
                           shell=True, capture_output=True, text=True, env=ENV, timeout=120)
    assert shell.stdout.splitlines()[:2] == ["{", '  "findings": ['] and shell.stderr == ""


# --- --exit-zero, --statistics, --show-source ---------------------------------------------------------------

def test_exit_zero(capsys, tmp_path):
    rc, out, _ = run(capsys, "--exit-zero", "--concise", CORPUS / "lr003_wrong.py")
    assert rc == 0 and out.count("LR003") == 2
    (tmp_path / "bad.py").write_text("def f(:\n")
    rc, _, err = run(capsys, "--exit-zero", tmp_path / "bad.py")   # an unchecked file is not a finding
    assert rc == 2 and "could not be checked" in err
    with pytest.raises(SystemExit) as e:
        main(["doctor", "--exit-zero=yes", str(CORPUS / "lr003_wrong.py")])
    assert e.value.code == 2 and "--exit-zero: ignored explicit argument 'yes'" in capsys.readouterr().err


def test_statistics_counts_per_code(capsys):
    files = [CORPUS / "lr003_wrong.py", CORPUS / "lr010_wrong.py", CORPUS / "lr006_wrong.py"]
    rc, out, err = run(capsys, "--statistics", *files)
    assert rc == 1 and out.splitlines() == [
        "2  LR003  plateau scheduler never fed a metric",
        "2  LR006  SequentialLR milestone differs from the warmup length",
        "2  LR010  scheduler stepped before the optimizer"]
    assert "6 findings in 3 of 3 files" in err
    rc, out, _ = run(capsys, "--statistics", "--format", "json", *files[:2], CORPUS / "lr003_wrong.py")
    stats = json.loads(out)["statistics"]   # a file named twice is reported once
    assert stats[0] == {"code": "LR003", "count": 2, "title": "plateau scheduler never fed a metric",
                        "severity": "error"}
    assert [s["code"] for s in stats] == ["LR003", "LR010"]
    rc, out, _ = run(capsys, "--statistics", CORPUS / "lr003_right.py")
    assert rc == 0 and out == ""


def test_show_source_puts_a_caret_under_the_column(capsys, tmp_path):
    rc, out, _ = run(capsys, "--show-source", "--concise", CORPUS / "lr003_wrong.py")
    lines = out.splitlines()
    assert lines[0].endswith(":15:9: LR003 ReduceLROnPlateau `plateau` is never given a metric, so it can never "
                             "reduce the LR")
    src_line = (CORPUS / "lr003_wrong.py").read_text().splitlines()[14]
    assert lines[1:4] == ["   |", f"15 | {src_line}", "   |         ^"]
    assert src_line[8:].startswith("plateau.step(")
    # tabs keep their width; non-ASCII text before the column counts as characters
    p = tmp_path / "t.py"
    p.write_text("import torch\nsched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)\n"
                 "for epoch in range(3):\n\tété = 1; sched.step()\n")
    rc, out, _ = run(capsys, "--show-source", p)
    assert out.splitlines()[1:4] == ["  |", "4 | \tété = 1; sched.step()", "  | \t         ^"]
    assert out.splitlines()[4].startswith("    why: ")


def test_show_source_in_a_notebook_shows_the_cell_line(capsys, tmp_path):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["import torch\n", "sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)\n"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["%time\n", "for epoch in range(3):\n", "    sched.step()\n"]}]}
    p = tmp_path / "nb.ipynb"
    p.write_text(json.dumps(nb))
    rc, out, _ = run(capsys, "--show-source", "--concise", p)
    assert out.splitlines() == [f"{p}:cell 2:3:5: LR003 ReduceLROnPlateau `sched` is never given a metric, "
                                "so it can never reduce the LR", "  |", "3 |     sched.step()", "  |     ^"]


@pytest.mark.parametrize("argv, message", [
    (["--show-source", "--format", "json"], "--show-source applies to text output, but the format is 'json' "
                                            "(--format); drop --show-source or use --format text"),
    (["--show-source", "--format", "sarif"], "--show-source applies to text output, but the format is 'sarif'"),
    (["--concise", "--format", "json"], "--concise applies to text output, but the format is 'json'"),
    (["--statistics", "--format", "sarif"], "--statistics applies to text and json output, but the format is "
                                            "'sarif'"),
    (["--statistics", "--show-source"], "--statistics prints counts per code instead of the findings, so "
                                        "--show-source has nothing to act on"),
    (["--statistics", "--concise"], "so --concise has nothing to act on"),
])
def test_flags_that_cannot_act_are_usage_errors(capsys, argv, message):
    rc, out, err = run(capsys, *argv, CORPUS / "lr003_wrong.py")
    assert rc == 2 and out == "" and err.startswith("lrkit doctor: error: --") and message in err
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize("flag", ["--show-source", "--statistics"])
def test_flag_with_a_value_is_refused(capsys, flag):
    with pytest.raises(SystemExit) as e:
        main(["doctor", f"{flag}=1", str(CORPUS / "lr003_wrong.py")])
    assert e.value.code == 2 and f"{flag}: ignored explicit argument '1'" in capsys.readouterr().err


def test_documented_code_scanning_workflow_runs_the_doctor_and_uploads_its_sarif():
    import yaml

    wf = yaml.safe_load((ROOT / "docs" / "doctor-code-scanning.yml").read_text())
    assert wf["permissions"]["security-events"] == "write"
    assert {"push", "pull_request"} <= set(wf[True] if True in wf else wf["on"])   # YAML 1.1 reads `on` as True
    (job,) = wf["jobs"].values()
    steps = job["steps"]
    runs = [s["run"] for s in steps if "run" in s]
    (doctor,) = [r for r in runs if r.startswith("lrkit doctor")]
    command, out_file = [part.strip() for part in doctor.split(">")]
    argv = command.split()[2:]
    assert argv == ["--format", "sarif", "--exit-zero", "."]
    (upload,) = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert upload["with"]["sarif_file"] == out_file and upload["if"] == "always()"
    assert steps.index(upload) > steps.index(next(s for s in steps if s.get("run") == doctor))
    # the command is one the CLI accepts, and what it writes is SARIF
    parsed = build_parser().parse_args(["doctor", *argv])
    assert (parsed.format, parsed.exit_zero, parsed.paths) == ("sarif", True, ["."])
    assert "doctor-code-scanning.yml" in (ROOT / "docs" / "doctor.md").read_text()


def test_workflow_command_writes_sarif_with_relative_uris(tmp_path):
    shutil.copy(CORPUS / "lr003_wrong.py", tmp_path / "train.py")
    (tmp_path / "sub").mkdir()
    shutil.copy(CORPUS / "lr010_wrong.py", tmp_path / "sub" / "loop.py")
    out = subprocess.run([sys.executable, "-m", "lrkit", "doctor", "--format", "sarif", "--exit-zero", "."],
                         cwd=tmp_path, capture_output=True, text=True, env=ENV, timeout=120)
    assert out.returncode == 0, out.stderr
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(out.stdout)["runs"][0]["results"]}
    assert uris == {"train.py", "sub/loop.py"}
